using DocAssist.Llm.Egress;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Privacy;

/// <summary>Redacts texts before a remote endpoint embeds them.</summary>
public sealed class RedactingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Redactor _redactor;
    private readonly EgressLedger _ledger;
    private readonly string _destination;

    /// <summary>Initializes a new instance of the <see cref="RedactingEmbeddingGenerator"/> class.</summary>
    /// <param name="inner">The generator that sends to the remote endpoint.</param>
    /// <param name="redactor">The placeholder map.</param>
    /// <param name="ledger">Where redaction counts go.</param>
    /// <param name="destination">The endpoint's scheme, host and port.</param>
    public RedactingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, Redactor redactor, EgressLedger ledger, string destination)
        : base(inner)
    {
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
    }

    /// <inheritdoc/>
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var redacted = new List<string>();
        foreach (string value in values)
        {
            (string text, IReadOnlyDictionary<RedactionKind, int> counts) = _redactor.Redact(value);
            foreach ((RedactionKind kind, int count) in counts)
            {
                _ledger.AddRedactions(_destination, "redaction", kind.ToString().ToUpperInvariant(), count);
            }

            redacted.Add(text);
        }

        return base.GenerateAsync(redacted, options, cancellationToken);
    }
}
