using System.Collections.Concurrent;
using System.Reflection;
using DocAssist.App.Extraction;
using DocAssist.Core.Model;
using DocAssist.Testing;

namespace DocAssist.App.Tests;

/// <summary>Each page is reported as it is finished, with where its text came from, once, through worker processes as in this process.</summary>
public sealed class PageProgressTests
{
    // What DocAssist.Cli.Program.Worker is (`docassist.dll __worker` under the dotnet host); Program is internal to the CLI.
    private static readonly WorkerLaunch Worker = WorkerLaunch.ForProgram(Assembly.Load("docassist"));

    public static TheoryData<string, PageSource[], bool> Inputs() => new()
    {
        { "pdfs/gen_scanned.pdf", [PageSource.Ocr, PageSource.Ocr], true },
        { "pdfs/gen_born_digital.pdf", [PageSource.TextLayer, PageSource.TextLayer, PageSource.TextLayer], true },
        // A text-layer page, a scanned one, a text-layer one: pages of both kinds in one document.
        { "pdfs/gen_mixed.pdf", [PageSource.TextLayer, PageSource.Ocr, PageSource.TextLayer], true },
        { "pdfs/gen_mixed.pdf", [PageSource.TextLayer, PageSource.Ocr, PageSource.TextLayer], false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task ExtractAsync_ReportsEveryPageOnce_WithItsSourceAndConfidence(string file, PageSource[] sources, bool workers)
    {
        DocumentPipelineBuilder builder = new DocumentPipelineBuilder().UseOptions(new() { Languages = "eng", Jobs = 2 });
        using DocumentPipeline pipeline = (workers ? builder.UseWorkerProcesses(Worker) : builder.UseThisProcess()).Build();
        var reports = new ConcurrentQueue<PageDone>();

        ExtractionOutcome outcome = await pipeline.ExtractAsync(TestData.Path(file), null, reports.Enqueue);

        Document document = outcome.Document ?? throw new Xunit.Sdk.XunitException(outcome.Error);
        Assert.Equal(sources, document.Pages.Select(p => p.Source));
        PageDone[] byNumber = [.. reports.OrderBy(r => r.Number)];
        Assert.Equal(Enumerable.Range(1, sources.Length), byNumber.Select(r => r.Number));
        Assert.Equal(Enumerable.Range(1, sources.Length), reports.Select(r => r.PagesDone).Order());
        Assert.Equal(sources, byNumber.Select(r => r.Source));
        foreach ((PageDone report, Page page) in byNumber.Zip(document.Pages))
        {
            if (report.Source == PageSource.TextLayer)
            {
                Assert.Null(report.Confidence);
                continue;
            }

            float confidence = Assert.NotNull(report.Confidence);
            Assert.InRange(confidence, 1, 100);
            // The document's JSON (as a worker sends it) keeps one decimal.
            Assert.Equal(page.Confidence!.Value, confidence, 0.051f);
        }
    }
}
