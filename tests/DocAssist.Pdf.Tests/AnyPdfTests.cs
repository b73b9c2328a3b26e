using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

public sealed class AnyPdfTests
{
    public static TheoryData<string> AllPdfs()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(TestData.Path("pdfs"), "*.pdf").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPdfs))]
    public async Task DecodeAsync_AnyPdf_YieldsNumberedPagesOrThrowsADocAssistError(string file)
    {
        try
        {
            List<PageContent> pages = await Decoding.DecodeAsync("pdfs/" + file, new ExtractOptions { IncludeWords = true });

            Assert.NotEmpty(pages);
            Assert.Equal(Enumerable.Range(1, pages.Count), pages.Select(p => p.Number));
            Assert.All(pages, p => Assert.False(p.Text is not null && p.Image is not null && (p.ImagePlacement is null || !p.Image.NeedsWords), "a mixed page says where its image sits and asks OCR for words"));
            Assert.All(pages, p => Assert.True((p.Text is null && p.Image is null) || (p.Width > 0 && p.Height > 0), $"page {p.Number} has a size"));

            // Boxes are in the page's frame, origin top-left: a word drawn on the page lies on the page (glyph boxes may poke out a little).
            Assert.All(pages, p => Assert.All(p.Words, w => Assert.True(
                w.Box.Left >= -20 && w.Box.Top >= -20 && w.Box.Right <= p.Width + 20 && w.Box.Bottom <= p.Height + 20 && w.Box.Left <= w.Box.Right && w.Box.Top <= w.Box.Bottom,
                $"page {p.Number}: {w.Text} at {w.Box} is outside the {p.Width}x{p.Height} page")));
        }
        catch (DocAssistException ex)
        {
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("pdfjs_bug1020226.pdf")]
    [InlineData("pdfjs_issue9105_other.pdf")]
    public async Task DecodeAsync_BrokenPdf_ThrowsFormatErrorNamingTheFile(string file)
    {
        var ex = await Assert.ThrowsAsync<DocumentFormatException>(() => Decoding.DecodeAsync("pdfs/" + file));

        Assert.StartsWith(TestData.Path("pdfs/" + file) + ": not a readable PDF (", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TestData.Path("pdfs/" + file), ex.FilePath);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task DecodeAsync_MissingFile_ThrowsFormatErrorNamingTheFile()
    {
        string path = Path.Combine(TestData.Path("pdfs"), "no-such-file.pdf");
        var decoder = new PdfDocumentDecoder();

        var ex = await Assert.ThrowsAsync<DocumentFormatException>(async () =>
        {
            await foreach (PageContent _ in decoder.DecodeAsync(path, new ExtractOptions()))
            {
            }
        });

        Assert.Contains("no-such-file.pdf", ex.Message, StringComparison.Ordinal);
    }
}
