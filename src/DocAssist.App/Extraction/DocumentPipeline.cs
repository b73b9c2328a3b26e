using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.App.Extraction;

/// <summary>Extracts documents: PDFs, scans and text, page by page, several at once, in this process or in supervised worker processes.
/// Built once by <see cref="DocumentPipelineBuilder"/>, reused for every document of a job; thread-safe.</summary>
/// <remarks>One failing input yields a failed outcome and the next input proceeds; a configuration error stops <see cref="ExtractAllAsync"/>.</remarks>
public sealed class DocumentPipeline : IDisposable
{
    private readonly Lazy<WorkerSupervisor>? _supervisor;
    private readonly Lazy<InProcessExtractor> _inProcess = new(() => new InProcessExtractor());

    internal DocumentPipeline(ExtractOptions options, WorkerLaunch? worker, TimeSpan documentTimeout, TimeSpan? stallTimeout, Action<string>? workerLog)
    {
        Options = options;
        if (worker is not null)
        {
            _supervisor = new(() => new WorkerSupervisor(documentTimeout, worker, workerLog, stallTimeout));
        }
    }

    /// <summary>Gets the extraction options every document is read with.</summary>
    public ExtractOptions Options { get; }

    /// <summary>Starts a worker process before any pipeline asks for one, so its start-up overlaps the host's own; the first isolated pipeline started
    /// the same way takes it. A host calls <see cref="DiscardWorkerAhead"/> when it leaves.</summary>
    /// <param name="launch">How the worker is started.</param>
    /// <param name="warmUp">The once-per-process costs the worker pays while it waits.</param>
    public static void StartWorkerAhead(WorkerLaunch launch, WorkerWarmUp warmUp) => WorkerConnection.StartAhead(warmUp, launch);

    /// <summary>Stops the worker started ahead when nothing took it.</summary>
    public static void DiscardWorkerAhead() => WorkerConnection.DiscardAhead();

    /// <summary>Extracts inputs, several at once; outcomes come back in input order.</summary>
    /// <param name="paths">The inputs.</param>
    /// <param name="cancellationToken">Abandons the inputs not yet done.</param>
    /// <returns>One outcome per input, in order; stops after a configuration error.</returns>
    public IAsyncEnumerable<ExtractionOutcome> ExtractAllAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        // Several documents are read at once so one shared engine pool stays busy across many small files, and a document that
        // finishes early makes room for the next one while an earlier, longer one is still being read. The largest coming document
        // starts first: a big scan left for last would be read on one core while the others wait (the 15 English pages of the OCR
        // dev set, whose largest page is last in name order: 6.7 s → 6.1 s on 2 cores).
        int window = Math.Max(2, Options.Jobs * 2);
        return InputOrder.RunAsync(
            paths, (path, token) => ExtractAsync(path, token), window, ahead: window * 4, outcome => outcome.ErrorKind == ExtractionErrorKind.Config,
            EstimatedWork, cancellationToken);
    }

    /// <summary>Estimates how much work a document is, to start large ones first: an image's pixel count (read from its header, not decoded),
    /// any other file's size in bytes; 0 when the file cannot be read or reports no size (empty, a pipe, a device).</summary>
    /// <param name="path">The input.</param>
    /// <returns>The estimate.</returns>
    internal static long EstimatedWork(string path)
    {
        try
        {
            // Pipes and devices report no size and are never opened here: a FIFO would block until something writes to it.
            var file = new FileInfo(path);
            return !file.Exists || file.Length == 0 ? 0 : ImageSize.Read(path) is (int width, int height) ? (long)width * height : file.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Extracts one input.</summary>
    /// <param name="path">The input.</param>
    /// <param name="cancellationToken">Abandons the input.</param>
    /// <returns>The outcome: the document, or a one-line reason naming the file (and page where one is at fault).</returns>
    public Task<ExtractionOutcome> ExtractAsync(string path, CancellationToken cancellationToken = default) =>
        ExtractAsync(path, null, null, cancellationToken);

    /// <summary>Extracts one input.</summary>
    /// <param name="path">The input.</param>
    /// <param name="searchablePdfPath">Where to write a searchable PDF of a PDF or image input (the caller renames it into place), or <see langword="null"/>.</param>
    /// <param name="onProgress">Called as each page is finished, with the count so far and where the page's text came from; on any thread, possibly
    /// from several at once (a retry after a worker crash counts again from 1 and reports its pages again).</param>
    /// <param name="cancellationToken">Abandons the input.</param>
    /// <returns>The outcome.</returns>
    public async Task<ExtractionOutcome> ExtractAsync(
        string path, string? searchablePdfPath, Action<PageDone>? onProgress, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path))
        {
            return new ExtractionOutcome(path, null, $"{path}: is a folder, not a document.", ExtractionErrorKind.Input);
        }

        if (!File.Exists(path))
        {
            return new ExtractionOutcome(path, null, $"{path}: no such file.", ExtractionErrorKind.Input);
        }

        // Plain text needs no parser that could crash: skip the worker round trip.
        bool plainText = IsPlainText(path);
        if (_supervisor is not null && !plainText)
        {
            return await _supervisor.Value.ExtractAsync(path, Options, searchablePdfPath, onProgress, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            Action<Page>? onPage = onProgress is null ? null : PageDone.Counting(onProgress);
            Document document = await _inProcess.Value.ExtractAsync(path, Options, searchablePdfPath, onPage, cancellationToken).ConfigureAwait(false);
            return new ExtractionOutcome(path, document, null, ExtractionErrorKind.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (string message, ExtractionErrorKind kind) = ExtractionErrors.Describe(path, ex);
            return new ExtractionOutcome(path, null, message, kind);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_supervisor is { IsValueCreated: true })
        {
            _supervisor.Value.Dispose();
        }

        if (_inProcess.IsValueCreated)
        {
            _inProcess.Value.Dispose();
        }
    }

    private static bool IsPlainText(string path)
    {
        try
        {
            return new FileInfo(path).Length > 0 && FileKindDetector.Detect(path) == DocumentKind.Text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
