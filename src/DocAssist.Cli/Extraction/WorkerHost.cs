using System.Text.Json;
using DocAssist.Cli.Output;

namespace DocAssist.Cli.Extraction;

/// <summary>The worker side of process isolation: reads requests from stdin, extracts, writes one marked JSON line per document to stdout.</summary>
/// <remarks>Native libraries may write to stdout; the supervisor only reads lines that start with <see cref="Marker"/>.</remarks>
internal static class WorkerHost
{
    public const string Command = "__worker";
    public const char Marker = '\u001e';

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var extractor = new InProcessExtractor();
        using var stdin = new StreamReader(Console.OpenStandardInput());
        await using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        while (await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            WorkerRequest request = JsonSerializer.Deserialize(line, CliJsonContext.Default.WorkerRequest)
                ?? throw new InvalidDataException("Empty worker request.");
            WorkerResponse response;
            try
            {
                var document = await extractor.ExtractAsync(request.Path, request.ToOptions(), cancellationToken).ConfigureAwait(false);
                response = new WorkerResponse(DocumentJson.From(document), null, ExtractionErrorKind.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (string message, ExtractionErrorKind kind) = ExtractionErrors.Describe(request.Path, ex);
                if (kind == ExtractionErrorKind.Crash)
                {
                    await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
                }

                response = new WorkerResponse(null, message, kind);
            }

            await stdout.WriteLineAsync(Marker + JsonSerializer.Serialize(response, CliJsonContext.Default.WorkerResponse)).ConfigureAwait(false);
        }

        return 0;
    }
}
