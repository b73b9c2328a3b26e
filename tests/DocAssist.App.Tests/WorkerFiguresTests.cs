using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using DocAssist.App.Extraction;
using DocAssist.App.Output;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Testing;

namespace DocAssist.App.Tests;

/// <summary>Figures cross the worker protocol: asked for in the request's options, read in the worker, back in the page JSON; absent otherwise.</summary>
public sealed class WorkerFiguresTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FiguresAsked_ComeBackInThePageJson_AsTheImageFile()
    {
        (string line, WorkerResponse response) = await ExtractAsync(new ExtractOptions { Jobs = 1, IncludeFigures = true });

        Document document = response.Document!.ToDocument();
        Figure figure = Assert.Single(document.Pages[0].Figures);
        Assert.Equal(new BoundingBox(73, 57, 145, 129), figure.Box);
        Assert.Equal((216, 220, "image/jpeg"), (figure.PixelWidth, figure.PixelHeight, figure.MediaType));
        Assert.True(figure.Data.Span is [0xFF, 0xD8, 0xFF, ..], "the seal's JPEG file");
        Assert.All(document.Pages.Skip(1), p => Assert.Empty(p.Figures));
        Assert.Contains("\"figures\":[{\"box\":[73,57,145,129],\"width\":216,\"height\":220,\"mediaType\":\"image/jpeg\",\"data\":\"/9j/", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiguresNotAsked_ThePageJsonHasNoFiguresField()
    {
        (string line, WorkerResponse response) = await ExtractAsync(new ExtractOptions { Jobs = 1 });

        Assert.All(response.Document!.Pages, p => Assert.Null(p.Figures));
        Assert.DoesNotContain("\"figures\"", line, StringComparison.Ordinal);
    }

    // The NTSB report (a seal beside text on page 1) through the worker's side of the protocol, in this process over in-memory pipes.
    private static async Task<(string Line, WorkerResponse Response)> ExtractAsync(ExtractOptions options)
    {
        var requests = new Pipe();
        var answers = new Pipe();
        Task<int> worker = WorkerHost.RunAsync(requests.Reader.AsStream(), answers.Writer.AsStream(), TextWriter.Null, WorkerWarmUp.None, CancellationToken.None);
        using var reader = new StreamReader(answers.Reader.AsStream());
        string request = JsonSerializer.Serialize(new WorkerRequest(TestData.Path("pdfs/ntsb_20080108X00031.pdf"), options, 1), AppJsonContext.Default.WorkerRequest);
        await requests.Writer.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));

        using var timeout = new CancellationTokenSource(Patience);
        string? line = await reader.ReadLineAsync(timeout.Token);
        await requests.Writer.CompleteAsync();
        Assert.Equal(0, await worker.WaitAsync(Patience));
        Assert.NotNull(line);
        Assert.Equal(WorkerHost.Marker, line[0]);
        WorkerResponse response = JsonSerializer.Deserialize(line.AsSpan(1), AppJsonContext.Default.WorkerResponse)!;
        Assert.True(response.Document is not null, response.Error);
        return (line, response);
    }
}
