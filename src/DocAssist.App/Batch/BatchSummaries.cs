using DocAssist.App.Models;
using DocAssist.App.Notices;
using DocAssist.App.Summaries;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;

namespace DocAssist.App.Batch;

/// <summary>Writes each batch document's summary through <see cref="SummaryService"/>, connecting to the model on first use.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class BatchSummaries : IDisposable
{
    private readonly ModelClientFactory _factory;
    private readonly SummaryOptions _options;
    private readonly bool _extractiveOnly;
    private readonly Lock _gate = new();
    private Task<ModelChoice>? _choice;
    private SummaryService? _service;

    /// <summary>Initializes a new instance of the <see cref="BatchSummaries"/> class.</summary>
    /// <param name="factory">The model settings, policy and ledger.</param>
    /// <param name="options">Length and language.</param>
    /// <param name="extractiveOnly">Whether to use no model at all.</param>
    public BatchSummaries(ModelClientFactory factory, SummaryOptions options, bool extractiveOnly)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _extractiveOnly = extractiveOnly;
    }

    /// <summary>Gets the ledger of everything sent to a model.</summary>
    public Llm.Egress.EgressLedger Ledger => _factory.Ledger;

    /// <summary>Gets the part of the options that shapes the summaries, for the manifest's options hash.</summary>
    /// <returns>A short description.</returns>
    public string Describe() => $"{_options.Length}/{_options.Language ?? "auto"}/{(_extractiveOnly ? "extractive" : "model")}";

    /// <summary>Summarizes one document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="onNotice">Receives what the user should be told (the model chosen, on first use; a fallback).</param>
    /// <param name="cancellationToken">Cancels the model calls.</param>
    /// <returns>The summary, or the reason there is none (the model failed after its retries).</returns>
    public async Task<(string? Summary, string? Error)> SummarizeAsync(Document document, Action<Notice> onNotice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onNotice);
        Task<ModelChoice> connect;
        bool first = false;
        lock (_gate)
        {
            if (_choice is null)
            {
                _choice = ModelConnector.ConnectAsync(_factory, _extractiveOnly, cancellationToken);
                first = true;
            }

            connect = _choice;
        }

        ModelChoice choice = await connect.ConfigureAwait(false);
        SummaryService service;
        lock (_gate)
        {
            service = _service ??= new SummaryService(choice.Connection, _options);
        }

        if (first)
        {
            foreach (Notice notice in choice.Notices)
            {
                onNotice(notice);
            }
        }

        try
        {
            SummaryResult result = await service.SummarizeAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (Notice notice in result.Notices)
            {
                onNotice(notice);
            }

            return (result.Text, null);
        }
        catch (Exception ex) when (ex is Core.Errors.LlmException || ModelErrors.IsUnreachable(ex))
        {
            // The batch goes on; the report names the missing summary and a re-run tries it again.
            return (null, $"no summary: the model failed ({ex.Message.TrimEnd('.')}).");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _service?.Dispose();
        if (_choice is { IsCompletedSuccessfully: true, Result.Connection: { } connection })
        {
            connection.Dispose();
        }
    }
}
