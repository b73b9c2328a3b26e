using DocAssist.Core;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;
using UglyToad.PdfPig.Writer;

namespace DocAssist.Pdf.Tests;

/// <summary>Long documents are read by several threads, each with its own copy of the document: same pages, same order, as one thread.</summary>
public sealed class ParallelDecodingTests : IDisposable
{
    private readonly string _long = Path.Combine(Path.GetTempPath(), $"docassist-long-{Guid.NewGuid():N}.pdf");

    public ParallelDecodingTests()
    {
        // 40 pages: the born-digital test PDF and the mixed one (text pages and a scan) in turn.
        string[] parts = [.. Enumerable.Range(0, 10).SelectMany(_ => new[] { TestData.Path("pdfs/gen_born_digital.pdf"), TestData.Path("pdfs/gen_mixed.pdf") })];
        File.WriteAllBytes(_long, PdfMerger.Merge(parts));
    }

    [Theory]
    [InlineData(1, 40, 1)]
    [InlineData(2, 40, 2)]
    [InlineData(8, 40, 4)]
    [InlineData(8, 15, 1)]
    [InlineData(2, 16, 2)]
    public void Lanes_DependOnJobsAndLength(int jobs, int pages, int expected)
    {
        Assert.Equal(Math.Min(expected, Environment.ProcessorCount), PdfDocumentDecoder.Lanes(pages, jobs));
    }

    [Fact]
    public async Task DecodeAsync_ManyJobs_SamePagesInOrderAsOneJob()
    {
        List<PageContent> one = await DecodeAsync(new ExtractOptions { Jobs = 1 });
        List<PageContent> four = await DecodeAsync(new ExtractOptions { Jobs = 4 });

        Assert.True(one.Count >= 16, $"the test document has {one.Count} pages");
        Assert.Equal(Enumerable.Range(1, one.Count), four.Select(p => p.Number));
        Assert.Equal(one.Select(p => p.Text), four.Select(p => p.Text));
        Assert.Equal(one.Select(p => p.Image?.Data.Length), four.Select(p => p.Image?.Data.Length));
        Assert.Contains(four, p => p.Image is not null);
    }

    [Fact]
    public async Task DecodeAsync_ConsumerStopsEarly_ReleasesTheFile()
    {
        int seen = 0;
        await foreach (PageContent _ in new PdfDocumentDecoder().DecodeAsync(_long, new ExtractOptions { Jobs = 4 }))
        {
            if (++seen == 3)
            {
                break;
            }
        }

        // Every copy of the document was closed: the file can go.
        File.Delete(_long);
        Assert.False(File.Exists(_long));
    }

    [Fact]
    public async Task DecodeAsync_Cancelled_StopsWithCancellation()
    {
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (PageContent _ in new PdfDocumentDecoder().DecodeAsync(_long, new ExtractOptions { Jobs = 4 }, cts.Token))
            {
                if (++seen == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });
    }

    public void Dispose() => File.Delete(_long);

    private async Task<List<PageContent>> DecodeAsync(ExtractOptions options)
    {
        var pages = new List<PageContent>();
        await foreach (PageContent page in new PdfDocumentDecoder().DecodeAsync(_long, options))
        {
            pages.Add(page);
        }

        return pages;
    }
}
