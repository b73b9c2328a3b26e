using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Testing;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

public class ImageDocumentDecoderTests
{
    private static readonly ExtractOptions DefaultOptions = new() { Jobs = 2 };

    [Fact]
    public async Task DecodeAsync_MultiPageTiff_YieldsOnePagePerFrameWithResolution()
    {
        var decoder = new ImageDocumentDecoder();

        var pages = await decoder.DecodeAsync(TestData.Path("images/multipage.tif"), DefaultOptions).ToListAsync();

        Assert.Equal([1, 2], pages.Select(p => p.Number));
        Assert.Equal([0, 1], pages.Select(p => p.Image!.Frame));
        Assert.Equal([200.0, 300.0], pages.Select(p => p.Image!.Dpi!.Value));
        Assert.Equal([640, 1024], pages.Select(p => p.Image!.Width));
        Assert.All(pages, p => Assert.Null(p.Text));
    }

    [Fact]
    public async Task ExtractAsync_MultiPageTiff_ReadsEachFrameAsItsOwnPage()
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 2, DefaultOptions);
        var extractor = new DocumentExtractor([new ImageDocumentDecoder()], pool);

        Document document = await extractor.ExtractAsync(TestData.Path("images/multipage.tif"), DefaultOptions);

        Assert.Equal(DocumentKind.Image, document.Kind);
        Assert.Equal(2, document.Pages.Count);
        Assert.All(document.Pages, p => Assert.Equal(PageSource.Ocr, p.Source));
        double first = Cer("tess_phototest.tif", document.Pages[0].Text);
        double second = Cer("tess_eurotext.tif", document.Pages[1].Text);
        Assert.True(first <= 0.01, $"page 1 CER {first:P2}:\n{document.Pages[0].Text}");
        Assert.True(second <= 0.04, $"page 2 CER {second:P2}:\n{document.Pages[1].Text}");
    }

    [Fact]
    public async Task DecodeAsync_GarbageWithImageSignature_ThrowsDocumentFormatExceptionNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"docassist-{Guid.NewGuid():N}-broken.tif");
        await File.WriteAllBytesAsync(path, [.. "II*\0"u8, .. new byte[64]]);
        try
        {
            var ex = await Assert.ThrowsAsync<DocumentFormatException>(async () => await new ImageDocumentDecoder().DecodeAsync(path, DefaultOptions).ToListAsync());

            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Equal(path, ex.FilePath);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ExtractAsync_TruncatedImage_GivesPageWarningNamingTheFile()
    {
        byte[] whole = await File.ReadAllBytesAsync(TestData.Path("images/tess_phototest-rotated-180.png"));
        string path = Path.Combine(Path.GetTempPath(), $"docassist-{Guid.NewGuid():N}-truncated.png");
        await File.WriteAllBytesAsync(path, whole.AsMemory(0, whole.Length / 3).ToArray());
        try
        {
            using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);
            var extractor = new DocumentExtractor([new ImageDocumentDecoder()], pool);
            DocAssistException? failure = null;
            Document? document = null;
            try
            {
                document = await extractor.ExtractAsync(path, DefaultOptions);
            }
            catch (DocumentFormatException ex)
            {
                failure = ex;
            }

            // Either the header is already unreadable (the whole file fails) or the frame fails alone: both name the file.
            string message = failure?.Message ?? string.Join("\n", document!.Pages.SelectMany(p => p.Warnings));
            Assert.Contains(Path.GetFileName(path), message, StringComparison.Ordinal);
            if (document is not null)
            {
                Assert.Equal(PageSource.None, Assert.Single(document.Pages).Source);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
