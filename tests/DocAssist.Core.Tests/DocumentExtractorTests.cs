using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.Core.Tests;

public sealed class DocumentExtractorTests
{
    [Fact]
    public async Task ExtractAsync_WithOnPage_ReportsEachPageOnceAsItIsFinished_UnreadableImagesIncluded()
    {
        // A text-layer page, a scanned page, and a scanned page whose image cannot be read.
        string path = Path.Combine(Path.GetTempPath(), $"docassist-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "three pages");
        var reported = new ConcurrentQueue<Page>();
        var extractor = new DocumentExtractor([new ThreePages()], new ImageTwoReads(), reported.Enqueue);
        try
        {
            Document document = await extractor.ExtractAsync(path, new ExtractOptions());

            Assert.Equal([PageSource.TextLayer, PageSource.Ocr, PageSource.None], document.Pages.Select(p => p.Source));
            Page[] byNumber = [.. reported.OrderBy(p => p.Number)];
            Assert.Equal([1, 2, 3], byNumber.Select(p => p.Number));
            Assert.Equal(document.Pages.Select(p => (p.Source, p.Confidence)), byNumber.Select(p => (p.Source, p.Confidence)));
            Assert.Equal(ErrorCodes.PageUnreadable, byNumber[2].ErrorCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class ThreePages : IDocumentDecoder
    {
        public bool CanDecode(DocumentKind kind) => kind == DocumentKind.Text;

        public async IAsyncEnumerable<PageContent> DecodeAsync(
            string path, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new PageContent { Number = 1, Text = "A text layer." };
            yield return new PageContent { Number = 2, Image = new PageImage { Data = new byte[] { 2 } } };
            yield return new PageContent { Number = 3, Image = new PageImage { Data = new byte[] { 3 } } };
        }
    }

    private sealed class ImageTwoReads : IPageRecognizer
    {
        public int Concurrency => 2;

        public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) => image.Data.Span[0] == 2
            ? Task.FromResult(new OcrPageResult("Scanned words.", 88, [], 0, []))
            : throw new OcrException("page 3: the image is damaged.");
    }
}
