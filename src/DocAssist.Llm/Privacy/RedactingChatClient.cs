using System.Runtime.CompilerServices;
using System.Text;
using DocAssist.Llm.Egress;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Privacy;

/// <summary>Redacts every message before it reaches the inner client and restores the identifiers in the answer, streamed or not.</summary>
/// <remarks>Counts the replacements in the ledger under the destination. Thread-safe when the inner client is.</remarks>
public sealed class RedactingChatClient : DelegatingChatClient
{
    private readonly Redactor _redactor;
    private readonly EgressLedger _ledger;
    private readonly string _destination;

    /// <summary>Initializes a new instance of the <see cref="RedactingChatClient"/> class.</summary>
    /// <param name="inner">The client that sends to the remote endpoint.</param>
    /// <param name="redactor">The placeholder map (shared across calls so a conversation stays consistent).</param>
    /// <param name="ledger">Where redaction counts go.</param>
    /// <param name="destination">The endpoint's scheme, host and port.</param>
    public RedactingChatClient(IChatClient inner, Redactor redactor, EgressLedger ledger, string destination)
        : base(inner)
    {
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(Redact(messages), options, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, _redactor.Restore(response.Text)))
        {
            ModelId = response.ModelId,
            FinishReason = response.FinishReason,
            Usage = response.Usage,
        };
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new StringBuilder();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(Redact(messages), options, cancellationToken).ConfigureAwait(false))
        {
            pending.Append(update.Text);
            string text = pending.ToString();
            int hold = Redactor.PendingTail(text);
            if (text.Length - hold > 0)
            {
                string ready = text[..^hold];
                pending.Clear().Append(text, text.Length - hold, hold);
                yield return new ChatResponseUpdate(ChatRole.Assistant, _redactor.Restore(ready));
            }
        }

        if (pending.Length > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, _redactor.Restore(pending.ToString()));
        }
    }

    private List<ChatMessage> Redact(IEnumerable<ChatMessage> messages)
    {
        var result = new List<ChatMessage>();
        foreach (ChatMessage message in messages)
        {
            (string text, IReadOnlyDictionary<RedactionKind, int> counts) = _redactor.Redact(message.Text);
            foreach ((RedactionKind kind, int count) in counts)
            {
                _ledger.AddRedactions(_destination, "redaction", kind.ToString().ToUpperInvariant(), count);
            }

            result.Add(new ChatMessage(message.Role, text));
        }

        return result;
    }
}
