using System.Text.Json;
using DocAssist.Core.Errors;

namespace DocAssist.Llm.Egress;

/// <summary>The privacy boundary: the first handler of every model request. It refuses destinations the policy forbids
/// before any DNS lookup or connection, and records what is sent and received in the <see cref="EgressLedger"/>.</summary>
/// <remarks>
/// Build the whole chain with <see cref="CreatePipeline"/>: guard → (retries) → meter → transport. The guard decides once per
/// request; the meter, below the retries, counts the bytes of every attempt. Thread-safe.
/// </remarks>
public sealed class EgressGuardHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<EgressContext> ContextKey = new("DocAssist.Egress");

    /// <summary>Initializes a new instance of the <see cref="EgressGuardHandler"/> class.</summary>
    /// <param name="policy">The policy to enforce.</param>
    /// <param name="ledger">Where requests are recorded.</param>
    /// <param name="innerHandler">The next handler (retries, then the meter from <see cref="CreateMeter"/>).</param>
    public EgressGuardHandler(EgressPolicy policy, EgressLedger ledger, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        Ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    }

    /// <summary>Gets the enforced policy.</summary>
    public EgressPolicy Policy { get; }

    /// <summary>Gets the ledger.</summary>
    public EgressLedger Ledger { get; }

    /// <summary>Builds guard → <paramref name="middle"/> → meter → <paramref name="transport"/>.</summary>
    /// <param name="policy">The policy to enforce.</param>
    /// <param name="ledger">Where requests are recorded.</param>
    /// <param name="middle">Builds the handler between guard and meter (e.g. retries) around the meter; may return it unchanged.</param>
    /// <param name="transport">The handler that talks to the network; owned by the pipeline.</param>
    /// <param name="stallTimeout">How long a response body may send nothing before the read fails.</param>
    /// <returns>The guard, the pipeline's first handler.</returns>
    public static EgressGuardHandler CreatePipeline(
        EgressPolicy policy, EgressLedger ledger, Func<HttpMessageHandler, HttpMessageHandler> middle, HttpMessageHandler transport, TimeSpan stallTimeout)
    {
        ArgumentNullException.ThrowIfNull(middle);
        return new EgressGuardHandler(policy, ledger, middle(CreateMeter(ledger, transport, stallTimeout)));
    }

    /// <summary>Creates the handler that counts the bytes of each attempt and fails a response body that stalls.</summary>
    /// <param name="ledger">Where bytes are recorded.</param>
    /// <param name="transport">The network handler.</param>
    /// <param name="stallTimeout">How long a response body may send nothing.</param>
    /// <returns>The meter.</returns>
    public static DelegatingHandler CreateMeter(EgressLedger ledger, HttpMessageHandler transport, TimeSpan stallTimeout) =>
        new EgressMeterHandler(ledger, transport, stallTimeout);

    internal static bool TryGetContext(HttpRequestMessage request, out EgressContext context) =>
        request.Options.TryGetValue(ContextKey, out context!);

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Uri uri = request.RequestUri ?? throw new InvalidOperationException("A model request has no URL.");
        string destination = uri.GetLeftPart(UriPartial.Authority);
        string purpose = EgressPurpose.Name is { } scope ? $"{scope}: {Describe(uri)}" : Describe(uri);

        string? model = null;
        if (request.Content is not null)
        {
            // Buffer once: the model name is read from the body, and retries resend the same bytes.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            model = await ReadModelAsync(request.Content, cancellationToken).ConfigureAwait(false);
        }

        EgressVerdict verdict = Policy.Evaluate(uri, model);
        if (!verdict.Allowed)
        {
            Ledger.AddRefused(destination, purpose);
            throw EgressRefusal.Create(Policy.RefusalMessage(uri, verdict));
        }

        if (verdict.Caveat is not null)
        {
            Ledger.AddNotice(verdict.Caveat);
        }

        request.Options.Set(ContextKey, new EgressContext(destination, purpose, verdict.IsLoopback));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(Uri uri)
    {
        string path = uri.AbsolutePath.TrimEnd('/');
        return path switch
        {
            _ when path.EndsWith("/chat", StringComparison.Ordinal) || path.EndsWith("/chat/completions", StringComparison.Ordinal) => "chat",
            _ when path.EndsWith("/embed", StringComparison.Ordinal) || path.EndsWith("/embeddings", StringComparison.Ordinal) => "embed",
            _ when path.EndsWith("/tags", StringComparison.Ordinal) || path.EndsWith("/models", StringComparison.Ordinal) => "list models",
            _ when path.EndsWith("/show", StringComparison.Ordinal) => "model info",
            _ => path.Length == 0 ? "/" : path,
        };
    }

    private static async Task<string?> ReadModelAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentType?.MediaType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using JsonDocument doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("model", out JsonElement m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
