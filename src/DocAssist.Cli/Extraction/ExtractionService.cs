using System.Runtime.CompilerServices;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.Cli.Extraction;

/// <summary>Extracts inputs, several at once, in a supervised worker process (unless told otherwise); results come back in input order.</summary>
/// <remarks>One failing input yields a failed outcome and the next input proceeds; a configuration error stops the run.</remarks>
internal sealed class ExtractionService : IDisposable
{
    /// <summary>How long one document may take before its worker is stopped.</summary>
    public static readonly TimeSpan DefaultDocumentTimeout = TimeSpan.FromMinutes(30);

    private readonly bool _isolate;
    private readonly Lazy<WorkerSupervisor> _supervisor;
    private readonly Lazy<InProcessExtractor> _inProcess = new(() => new InProcessExtractor());

    public ExtractionService(bool isolate, TimeSpan documentTimeout, bool verbose, TimeSpan? stallTimeout = null)
    {
        _isolate = isolate;
        _supervisor = new(() => new WorkerSupervisor(documentTimeout, verbose, stallTimeout));
    }

    public async IAsyncEnumerable<ExtractionOutcome> ExtractAllAsync(
        IReadOnlyList<string> paths, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Several documents are in flight at once so one shared engine pool stays busy across many small files;
        // results still come back in input order.
        int window = Math.Max(2, options.Jobs * 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<ExtractionOutcome>>();
        int next = 0;
        try
        {
            while (next < paths.Count || inFlight.Count > 0)
            {
                while (next < paths.Count && inFlight.Count < window)
                {
                    inFlight.Enqueue(ExtractAsync(paths[next++], options, stop.Token));
                }

                ExtractionOutcome outcome = await inFlight.Dequeue().ConfigureAwait(false);
                yield return outcome;
                if (outcome.ErrorKind == ExtractionErrorKind.Config)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (Task<ExtractionOutcome> task in inFlight)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    public Task<ExtractionOutcome> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default) =>
        ExtractAsync(path, options, null, null, cancellationToken);

    /// <summary>Extracts one input.</summary>
    /// <param name="path">The input.</param>
    /// <param name="options">The extraction options.</param>
    /// <param name="searchablePdfPath">Where to write a searchable PDF of a PDF or image input (the caller renames it into place), or <see langword="null"/>.</param>
    /// <param name="onProgress">Called with the pages done so far (a retry after a worker crash counts again from 1).</param>
    /// <param name="cancellationToken">Abandons the input.</param>
    /// <returns>The outcome.</returns>
    public async Task<ExtractionOutcome> ExtractAsync(
        string path, ExtractOptions options, string? searchablePdfPath, Action<int>? onProgress, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path))
        {
            return new ExtractionOutcome(path, null, $"{path}: is a folder; give files (or use `docassist batch` for folders).", ExtractionErrorKind.Input);
        }

        if (!File.Exists(path))
        {
            return new ExtractionOutcome(path, null, $"{path}: no such file.", ExtractionErrorKind.Input);
        }

        // Plain text needs no parser that could crash: skip the worker round trip.
        bool plainText = IsPlainText(path);
        if (_isolate && !plainText)
        {
            return await _supervisor.Value.ExtractAsync(path, options, searchablePdfPath, onProgress, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            int pages = 0;
            Action? onPage = onProgress is null ? null : () => onProgress(Interlocked.Increment(ref pages));
            Document document = await _inProcess.Value.ExtractAsync(path, options, searchablePdfPath, onPage, cancellationToken).ConfigureAwait(false);
            return new ExtractionOutcome(path, document, null, ExtractionErrorKind.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (string message, ExtractionErrorKind kind) = ExtractionErrors.Describe(path, ex);
            return new ExtractionOutcome(path, null, message, kind);
        }
    }

    public void Dispose()
    {
        if (_supervisor.IsValueCreated)
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
