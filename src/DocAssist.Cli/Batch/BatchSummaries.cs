using System.Text;
using DocAssist.Cli.Commands;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;

namespace DocAssist.Cli.Batch;

/// <summary>Writes each batch document's summary: from the user's model through the egress guard, or extractive when no model answers.</summary>
/// <remarks>Thread-safe. One summary at a time: a local model serves one request at a time anyway.</remarks>
internal sealed class BatchSummaries : IDisposable
{
    private readonly ModelClientFactory _factory;
    private readonly SummaryOptions _options;
    private readonly bool _extractiveOnly;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<ModelConnection?>? _connection;

    public BatchSummaries(ModelClientFactory factory, SummaryOptions options, bool extractiveOnly)
    {
        _factory = factory;
        _options = options;
        _extractiveOnly = extractiveOnly;
    }

    /// <summary>Gets the ledger of everything sent to a model.</summary>
    public Llm.Egress.EgressLedger Ledger => _factory.Ledger;

    /// <summary>The part of the options that shapes the summaries, for the manifest's options hash.</summary>
    public string Describe() => $"{_options.Length}/{_options.Language ?? "auto"}/{(_extractiveOnly ? "extractive" : "model")}";

    /// <summary>Summarizes one document.</summary>
    /// <returns>The summary, or the reason there is none (the model failed after its retries).</returns>
    public async Task<(string? Summary, string? Error)> SummarizeAsync(Document document, CancellationToken cancellationToken)
    {
        ModelConnection? connection = await (_connection ??= ModelFlags.ConnectAsync(_factory, _extractiveOnly, cancellationToken)).ConfigureAwait(false);
        if (connection is null)
        {
            return (ExtractiveSummarizer.Summarize(document, _options.Length, cancellationToken).Render(), null);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var text = new StringBuilder();
            await foreach (string piece in new Summarizer(connection.Chat, connection.ContextTokens).SummarizeAsync(document, _options, null, cancellationToken).ConfigureAwait(false))
            {
                text.Append(piece);
            }

            return (text.ToString().Trim() + "\n", null);
        }
        catch (Exception ex) when (ex is Core.Errors.LlmException || ModelErrors.IsUnreachable(ex))
        {
            // The batch goes on; the report names the missing summary and a re-run tries it again.
            return (null, $"no summary: the model failed ({ex.Message.TrimEnd('.')}).");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        if (_connection is { IsCompletedSuccessfully: true, Result: { } connection })
        {
            connection.Dispose();
        }

        _gate.Dispose();
    }
}
