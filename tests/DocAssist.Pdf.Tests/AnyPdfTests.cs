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
            Assert.All(pages, p => Assert.False(p.Text is not null && p.Image is not null, "a page is either text or image"));
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
