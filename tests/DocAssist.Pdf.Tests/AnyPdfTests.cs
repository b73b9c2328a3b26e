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
            List<PageContent> pages = await Decoding.DecodeAsync("pdfs/" + file, new ExtractOptions { IncludeWords = true, IncludeFigures = true });

            Assert.NotEmpty(pages);
            Assert.Equal(Enumerable.Range(1, pages.Count), pages.Select(p => p.Number));
            Assert.All(pages, p => Assert.False(p.Text is not null && p.Image is not null && (p.ImagePlacement is null || !p.Image.NeedsWords), "a mixed page says where its image sits and asks OCR for words"));
            Assert.All(pages, p => Assert.True((p.Text is null && p.Image is null) || (p.Width > 0 && p.Height > 0), $"page {p.Number} has a size"));

            // Boxes are in the page's frame, origin top-left: a word drawn on the page lies on the page (glyph boxes may poke out a little).
            Assert.All(pages, p => Assert.All(p.Words, w => Assert.True(
                w.Box.Left >= -20 && w.Box.Top >= -20 && w.Box.Right <= p.Width + 20 && w.Box.Bottom <= p.Height + 20 && w.Box.Left <= w.Box.Right && w.Box.Top <= w.Box.Bottom,
                $"page {p.Number}: {w.Text} at {w.Box} is outside the {p.Width}x{p.Height} page")));

            // Figures lie on their page (clipped to it) and are image files of the type they say.
            Assert.All(pages, p => Assert.All(p.Figures, f =>
            {
                Assert.True(f.Box.Left >= 0 && f.Box.Top >= 0 && f.Box.Right <= Math.Round(p.Width) && f.Box.Bottom <= Math.Round(p.Height) && f.Box.Left < f.Box.Right && f.Box.Top < f.Box.Bottom,
                    $"page {p.Number}: a figure at {f.Box} is outside the {p.Width}x{p.Height} page");
                Assert.True(f.PixelWidth > 0 && f.PixelHeight > 0);
                Assert.Equal(f.MediaType, f.MediaType switch
                {
                    "image/jpeg" when Decoding.IsJpeg(f.Data) => "image/jpeg",
                    "image/png" when Decoding.IsPng(f.Data) => "image/png",
                    "image/jp2" => "image/jp2",
                    _ => "bytes of another type",
                });
            }));
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
