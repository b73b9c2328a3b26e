using DocAssist.Core;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

public sealed class BornDigitalTests
{
    [Fact]
    public async Task DecodeAsync_GeneratedTextPdf_EveryPageEqualsGroundTruth()
    {
        // Arrange
        string[] expected = Decoding.GroundTruthPages("pdfs/gen_born_digital.gt.txt");

        // Act
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_born_digital.pdf");

        // Assert
        Assert.Equal(expected.Length, pages.Count);
        for (int i = 0; i < pages.Count; i++)
        {
            Assert.Equal(i + 1, pages[i].Number);
            Assert.Null(pages[i].Image);
            Assert.Empty(pages[i].Warnings);
            Assert.Equal(expected[i], pages[i].Text);
        }
    }

    [Fact]
    public async Task DecodeAsync_RealReport_KeepsTextLayerOnEveryPage()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ntsb_20080108X00031.pdf");

        Assert.Equal(3, pages.Count);
        Assert.All(pages, p =>
        {
            Assert.NotNull(p.Text);
            Assert.Null(p.Image);
        });
        Assert.Contains("National Transportation Safety Board", pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Aviation Accident Factual Report", pages[0].Text, StringComparison.Ordinal);

        // "Page 3 of 3" is printed at the foot of the page (drawn first in the content stream): it is read last.
        Assert.StartsWith("Meteorological Information and Flight Plan", pages[2].Text, StringComparison.Ordinal);
        Assert.EndsWith("Page 3 of 3 DFW08WA050", pages[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_WordsRequested_ReturnsNonBlankWordsWithTopLeftBoxesInPoints()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_born_digital.pdf", new ExtractOptions { IncludeWords = true });

        var words = pages[0].Words;
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.False(string.IsNullOrWhiteSpace(w.Text)));
        Assert.All(words, w => Assert.Null(w.Confidence));
        Assert.Equal(
            "Quarterly Report of the Harbour Library The reading room opened",
            string.Join(' ', words.Take(10).Select(w => w.Text)));

        // The title's baseline is 72 pt below the top of an A4 page, drawn at 72 pt from the left in 16 pt type.
        var title = words[0].Box;
        Assert.InRange(title.Left, 71, 72);
        Assert.InRange(title.Bottom, 72, 76);
        Assert.InRange(title.Top, 56, 62);
        Assert.True(title.Right > title.Left && title.Bottom > title.Top);

        // Lines further down the page have larger Top values (origin top-left).
        var body = words.First(w => w.Text == "reading").Box;
        Assert.True(body.Top > title.Bottom);
    }

    [Fact]
    public async Task DecodeAsync_WordsNotRequested_ReturnsNoWords()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_born_digital.pdf");

        Assert.All(pages, p => Assert.Empty(p.Words));
    }

    [Fact]
    public async Task DecodeAsync_CancelledBetweenPages_StopsWithOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var decoder = new PdfDocumentDecoder();
        var seen = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (PageContent page in decoder.DecodeAsync(TestData.Path("pdfs/gen_born_digital.pdf"), new ExtractOptions(), cts.Token))
            {
                seen.Add(page.Number);
                await cts.CancelAsync();
            }
        });

        Assert.Equal([1], seen);
    }

    [Fact]
    public void CanDecode_OnlyPdf()
    {
        var decoder = new PdfDocumentDecoder();

        Assert.True(decoder.CanDecode(Core.Model.DocumentKind.Pdf));
        Assert.False(decoder.CanDecode(Core.Model.DocumentKind.Image));
        Assert.False(decoder.CanDecode(Core.Model.DocumentKind.Text));
    }

    [Fact]
    public void WarmUp_ReadsItsBuiltInPage()
    {
        Assert.Equal("Warm up", PdfDocumentDecoder.WarmUp());
    }
}
