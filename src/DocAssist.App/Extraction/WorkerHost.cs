using System.Runtime.CompilerServices;
using System.Text.Json;
using DocAssist.App.Output;
using DocAssist.Core.Model;
using DocAssist.Ocr;
using DocAssist.Pdf;

namespace DocAssist.App.Extraction;

/// <summary>The worker side of process isolation: reads requests from stdin, extracts them concurrently through one shared OCR engine pool, and writes one marked JSON line per document to stdout.</summary>
/// <remarks>Native libraries may write to stdout; the supervisor only reads lines that start with <see cref="Marker"/>.</remarks>
public static class WorkerHost
{
    /// <summary>The argument that makes a program serve as a worker (see <see cref="WorkerLaunch"/>).</summary>
    public const string Command = "__worker";

    /// <summary>Starts every protocol line on the worker's stdout.</summary>
    public const char Marker = '\u001e';

    /// <summary>Asks a worker started ahead of its first request to spend the wait on <see cref="PdfDocumentDecoder.WarmUp"/>.</summary>
    public const string WarmUpPdfOption = "--warm-up-pdf";

    /// <summary>Asks a worker started ahead of its first request to spend the wait on <see cref="OcrEnginePool.WarmUp"/>.</summary>
    public const string WarmUpOcrOption = "--warm-up-ocr";

    /// <summary>Gets the worker arguments that ask for a warm-up.</summary>
    /// <param name="warmUp">The warm-up.</param>
    /// <returns>The options, in a fixed order.</returns>
    public static IEnumerable<string> WarmUpOptions(WorkerWarmUp warmUp)
    {
        if (warmUp.HasFlag(WorkerWarmUp.Pdf))
        {
            yield return WarmUpPdfOption;
        }

        if (warmUp.HasFlag(WorkerWarmUp.Ocr))
        {
            yield return WarmUpOcrOption;
        }
    }

    /// <summary>Reads the warm-up a worker's arguments ask for.</summary>
    /// <param name="args">The worker's arguments.</param>
    /// <returns>The warm-up.</returns>
    public static WorkerWarmUp WarmUpOf(IReadOnlyCollection<string> args) =>
        (args.Contains(WarmUpPdfOption) ? WorkerWarmUp.Pdf : WorkerWarmUp.None) | (args.Contains(WarmUpOcrOption) ? WorkerWarmUp.Ocr : WorkerWarmUp.None);

    /// <summary>Serves requests until <paramref name="input"/> ends, then stops the ones in flight.</summary>
    /// <param name="input">Requests, one JSON line each (the process's stdin).</param>
    /// <param name="output">Answers and progress, one marked JSON line each (the process's stdout).</param>
    /// <param name="errors">Where a crash's details go (the process's stderr, which the supervisor reads for a dead worker's last words).</param>
    /// <param name="warmUp">The once-per-process costs to pay while the first request is on its way.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter errors, WorkerWarmUp warmUp, CancellationToken cancellationToken)
    {
        // While the first request is on its way: this process was started before the CLI had parsed its arguments.
        if (warmUp.HasFlag(WorkerWarmUp.Pdf))
        {
            _ = Task.Run(PdfDocumentDecoder.WarmUp, CancellationToken.None);
        }

        if (warmUp.HasFlag(WorkerWarmUp.Ocr))
        {
            _ = Task.Run(OcrEnginePool.WarmUp, CancellationToken.None);
        }

        using var extractor = new InProcessExtractor();
        using var stdin = new StreamReader(input);
        var stdout = new StreamWriter(output) { AutoFlush = true };
        await using ConfiguredAsyncDisposable disposeStdout = stdout.ConfigureAwait(false);
        using var writeGate = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new List<Task>();
        while (await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            WorkerRequest request = JsonSerializer.Deserialize(line, AppJsonContext.Default.WorkerRequest)
                ?? throw new InvalidDataException("Empty worker request.");
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(() => HandleAsync(extractor, request, stdout, errors, writeGate, stop.Token), stop.Token));
        }

        // Our stdin closed: the supervisor is gone (one that means to stop us kills us), and nobody will read an answer. Stop the
        // documents in flight (OCR stops between words) rather than read them to the end for no one: after a killed `serve`, that
        // held a core for as long as the document had pages left, while the next start read it again.
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Stopped, or an answer finished just then found no one to write to.
        }

        return 0;
    }

    private static async Task HandleAsync(
        InProcessExtractor extractor, WorkerRequest request, StreamWriter stdout, TextWriter errors, SemaphoreSlim writeGate, CancellationToken cancellationToken)
    {
        WorkerResponse response;

        // Progress lines keep the supervisor's stall watchdog fed and its progress display moving within long documents.
        Action<Page>? onPage = request.Progress
            ? PageDone.Counting(done => _ = WriteAsync(WorkerResponse.Progress(request.Id, done), stdout, writeGate, cancellationToken))
            : null;

        try
        {
            var document = await extractor.ExtractAsync(request.Path, request.Options, request.SearchablePdf, onPage, cancellationToken).ConfigureAwait(false);
            response = new WorkerResponse(request.Id, DocumentJson.From(document), null, ExtractionErrorKind.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (string message, ExtractionErrorKind kind) = ExtractionErrors.Describe(request.Path, ex);
            if (kind == ExtractionErrorKind.Crash)
            {
                await errors.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            response = new WorkerResponse(request.Id, null, message, kind);
        }

        await WriteAsync(response, stdout, writeGate, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(WorkerResponse response, StreamWriter stdout, SemaphoreSlim writeGate, CancellationToken cancellationToken)
    {
        string line = Marker + JsonSerializer.Serialize(response, AppJsonContext.Default.WorkerResponse);
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stdout.WriteLineAsync(line).ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }
}
