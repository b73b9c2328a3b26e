using System.Text.Json;
using DocAssist.Cli.Output;
using DocAssist.Pdf;

namespace DocAssist.Cli.Extraction;

/// <summary>The worker side of process isolation: reads requests from stdin, extracts them concurrently through one shared OCR engine pool, and writes one marked JSON line per document to stdout.</summary>
/// <remarks>Native libraries may write to stdout; the supervisor only reads lines that start with <see cref="Marker"/>.</remarks>
internal static class WorkerHost
{
    public const string Command = "__worker";
    public const char Marker = '\u001e';

    /// <summary>Asks a worker started ahead of its first request to spend the wait on <see cref="PdfDocumentDecoder.WarmUp"/>.</summary>
    public const string WarmUpPdfOption = "--warm-up-pdf";

    public static async Task<int> RunAsync(bool warmUpPdf, CancellationToken cancellationToken)
    {
        if (warmUpPdf)
        {
            // While the first request is on its way: this process was started before the CLI had parsed its arguments.
            _ = Task.Run(PdfDocumentDecoder.WarmUp, CancellationToken.None);
        }

        using var extractor = new InProcessExtractor();
        using var stdin = new StreamReader(Console.OpenStandardInput());
        await using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        using var writeGate = new SemaphoreSlim(1, 1);
        var running = new List<Task>();
        while (await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            WorkerRequest request = JsonSerializer.Deserialize(line, CliJsonContext.Default.WorkerRequest)
                ?? throw new InvalidDataException("Empty worker request.");
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(() => HandleAsync(extractor, request, stdout, writeGate, cancellationToken), cancellationToken));
        }

        // The supervisor closed our stdin: finish what is in flight, then leave.
        await Task.WhenAll(running).ConfigureAwait(false);
        return 0;
    }

    private static async Task HandleAsync(
        InProcessExtractor extractor, WorkerRequest request, StreamWriter stdout, SemaphoreSlim writeGate, CancellationToken cancellationToken)
    {
        WorkerResponse response;
        int pagesDone = 0;
        Action? onPage = null;
        if (request.Progress)
        {
            // Progress lines keep the supervisor's stall watchdog fed and its progress display moving within long documents.
            onPage = () => _ = WriteAsync(
                new WorkerResponse(request.Id, null, null, ExtractionErrorKind.None, Interlocked.Increment(ref pagesDone)), stdout, writeGate, cancellationToken);
        }

        try
        {
            var document = await extractor.ExtractAsync(request.Path, request.ToOptions(), request.SearchablePdf, onPage, cancellationToken).ConfigureAwait(false);
            response = new WorkerResponse(request.Id, DocumentJson.From(document), null, ExtractionErrorKind.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (string message, ExtractionErrorKind kind) = ExtractionErrors.Describe(request.Path, ex);
            if (kind == ExtractionErrorKind.Crash)
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            response = new WorkerResponse(request.Id, null, message, kind);
        }

        await WriteAsync(response, stdout, writeGate, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(WorkerResponse response, StreamWriter stdout, SemaphoreSlim writeGate, CancellationToken cancellationToken)
    {
        string line = Marker + JsonSerializer.Serialize(response, CliJsonContext.Default.WorkerResponse);
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
