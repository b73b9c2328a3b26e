using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using DocAssist.App.Extraction;
using DocAssist.App.Output;
using DocAssist.Core;
using DocAssist.Testing;

namespace DocAssist.App.Tests;

/// <summary>The worker's side of the protocol, in this process over in-memory pipes.</summary>
public sealed class WorkerHostTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("docassist-workerhost-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task InputClosed_StopsTheDocumentInFlight_InsteadOfReadingItToTheEnd()
    {
        // A supervisor killed (SIGKILL) closes the worker's stdin: nobody is left to read the answer.
        const int Pages = 10;
        string scan = Path.Combine(_dir, "scans.pdf");
        File.WriteAllBytes(scan, TestPdfs.ScannedLetter(Pages));
        var requests = new Pipe();
        var answers = new Pipe();
        Task<int> worker = WorkerHost.RunAsync(requests.Reader.AsStream(), answers.Writer.AsStream(), TextWriter.Null, WorkerWarmUp.None, CancellationToken.None);
        using var reader = new StreamReader(answers.Reader.AsStream());
        string request = JsonSerializer.Serialize(new WorkerRequest(scan, new ExtractOptions { Jobs = 1 }, 1, null, Progress: true), AppJsonContext.Default.WorkerRequest);
        await requests.Writer.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));

        using var timeout = new CancellationTokenSource(Patience);
        WorkerResponse first = Response(await reader.ReadLineAsync(timeout.Token));
        Assert.Equal(1, first.PagesDone);
        Assert.Equal("ocr", first.Page?.Source);
        await requests.Writer.CompleteAsync();

        Assert.Equal(0, await worker.WaitAsync(Patience));
        var rest = new List<WorkerResponse>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            rest.Add(Response(line));
        }

        Assert.All(rest, r => Assert.NotNull(r.PagesDone));
        Assert.True(rest.Count < Pages - 1, $"{rest.Count} more pages were read after the input closed");
    }

    private static WorkerResponse Response(string? line)
    {
        Assert.NotNull(line);
        Assert.Equal(WorkerHost.Marker, line[0]);
        return JsonSerializer.Deserialize(line.AsSpan(1), AppJsonContext.Default.WorkerResponse)!;
    }
}
