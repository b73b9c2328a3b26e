using System.Globalization;
using System.Text;
using DocAssist.App.Notices;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;

namespace DocAssist.App.Summaries;

/// <summary>Summarizes documents with the job's model, or extractively; the one place that decides when a summary falls back.</summary>
/// <remarks>
/// The rule: no model → an extractive summary (labelled so). A model that cannot be reached before the summary's first word → extractive too, with
/// a <see cref="NoticeCodes.ModelLost"/> notice. A model that answers and then fails (after its bounded retries) is an error
/// (<see cref="Core.Errors.LlmException"/>): half a summary is not passed off as a whole one. Thread-safe; one model summary at a time, as a
/// local model serves one request at a time anyway.
/// </remarks>
public sealed class SummaryService : IDisposable
{
    private readonly ModelConnection? _connection;
    private readonly SummaryOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a new instance of the <see cref="SummaryService"/> class.</summary>
    /// <param name="connection">The model, or <see langword="null"/> for extractive summaries.</param>
    /// <param name="options">Length and language.</param>
    public SummaryService(ModelConnection? connection, SummaryOptions options)
    {
        _connection = connection;
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Gets the number of parts a document is summarized in before they are combined (1 when it fits the model's context or there is no model).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The number of parts.</returns>
    public int Parts(Document document) =>
        _connection is null ? 1 : new Summarizer(_connection.Chat, _connection.ContextTokens).Plan(document, _options).Count;

    /// <summary>Summarizes a document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="onText">Receives the summary as it is written (a model's streamed text, or the extractive summary at once), or <see langword="null"/>.</param>
    /// <param name="progress">Receives the map-reduce stages, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the model calls.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="Core.Errors.LlmException">The model answered, then failed after its bounded retries.</exception>
    public async Task<SummaryResult> SummarizeAsync(
        Document document, Action<string>? onText = null, IProgress<SummaryProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_connection is null)
        {
            return Extractive(document, onText, [], cancellationToken);
        }

        var notices = new List<Notice>();
        int parts = Parts(document);
        if (parts > 1)
        {
            notices.Add(new Notice(
                NoticeCodes.Progress,
                string.Create(CultureInfo.InvariantCulture, $"{document.Pages.Count} page(s) exceed the model's context ({_connection.ContextTokens} tokens): summarizing {parts} parts, then combining them."),
                document.File));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        try
        {
            await foreach (string piece in new Summarizer(_connection.Chat, _connection.ContextTokens).SummarizeAsync(document, _options, progress, cancellationToken).ConfigureAwait(false))
            {
                text.Append(piece);
                onText?.Invoke(piece);
            }
        }
        catch (Exception ex) when (text.Length == 0 && ModelErrors.IsUnreachable(ex))
        {
            notices.Add(new Notice(NoticeCodes.ModelLost, $"the model became unreachable ({ex.Message.TrimEnd('.')}); falling back to an extractive summary.", document.File));
            return Extractive(document, onText, notices, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return new SummaryResult(text.ToString().Trim() + "\n", Extractive: false, notices);
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private SummaryResult Extractive(Document document, Action<string>? onText, List<Notice> notices, CancellationToken cancellationToken)
    {
        string summary = ExtractiveSummarizer.Summarize(document, _options.Length, cancellationToken).Render();
        onText?.Invoke(summary);
        return new SummaryResult(summary, Extractive: true, notices);
    }
}

/// <summary>A document's summary.</summary>
/// <param name="Text">The summary (Markdown; an extractive one says so in its first line).</param>
/// <param name="Extractive">Whether it was made without a model.</param>
/// <param name="Notices">What the user should be told (the summary was made in parts, the model was lost).</param>
public sealed record SummaryResult(string Text, bool Extractive, IReadOnlyList<Notice> Notices);
