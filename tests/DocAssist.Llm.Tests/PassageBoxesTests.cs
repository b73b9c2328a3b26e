using System.Text;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Llm.Text;
using DocAssist.Pdf;
using DocAssist.Testing;

namespace DocAssist.Llm.Tests;

public sealed class PassageBoxesTests
{
    [Theory]
    [InlineData("pdfs/gen_born_digital.pdf")]
    [InlineData("pdfs/ntsb_20080108X00031.pdf")]
    [InlineData("pdfs/usgov_GSA2022_p3.pdf")]
    [InlineData("pdfs/pdfjs_bug1997343.pdf")]
    [InlineData("pdfs/gen_cjk_fake_bold.pdf")]
    [InlineData("pdfs/pdfjs_issue11656.pdf")]
    public async Task ForRetrieval_RealPdf_BoxesLieOnThePageAndHoldThePassageWords(string file)
    {
        // Arrange: a real PDF read with its words, as `ask` would read it for highlighting.
        var extractor = new DocumentExtractor([new PdfDocumentDecoder()], new NoOcr());
        Document document = await extractor.ExtractAsync(TestData.Path(file), new ExtractOptions { IncludeWords = true, Jobs = 1 });
        Assert.Contains(document.Pages, p => p.Words.Count > 0);

        // Act
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(document);

        // Assert
        int checkedPassages = 0;
        foreach (Chunk passage in passages)
        {
            Page page = document.Pages.Single(p => p.Number == passage.FirstPage);
            if (page.Words.Count == 0)
            {
                continue;
            }

            checkedPassages++;
            Assert.NotEmpty(passage.Boxes);
            Assert.All(passage.Boxes, b => Assert.True(
                b.Left >= -1 && b.Top >= -1 && b.Right <= page.Width + 1 && b.Bottom <= page.Height + 1 && b.Left < b.Right && b.Top < b.Bottom,
                $"{file} p.{page.Number}: box {b} is not on the {page.Width}x{page.Height} page"));

            // The words inside the boxes are the passage's words...
            string text = Normal(passage.Text);
            List<Word> inside = [.. page.Words.Where(w => passage.Boxes.Any(b => Contains(b, w.Box)) && Normal(w.Text).Length > 0)];
            Assert.NotEmpty(inside);
            List<Word> foreign = [.. inside.Where(w => !text.Contains(Normal(w.Text), StringComparison.Ordinal))];
            Assert.True(
                foreign.Count <= Math.Max(1, inside.Count / 20),
                $"{file} p.{page.Number} passage {passage.Index}: {foreign.Count} of {inside.Count} words in its boxes are not in it: {string.Join(" ", foreign.Take(10).Select(w => w.Text))}");

            // ...and the passage's words are inside the boxes.
            string covered = string.Concat(inside.Select(w => Normal(w.Text)));
            string[] tokens = [.. passage.Text.Split(' ').Select(Normal).Where(t => t.Length >= 3)];
            int missing = tokens.Count(t => !covered.Contains(t, StringComparison.Ordinal));
            Assert.True(
                missing <= tokens.Length / 20,
                $"{file} p.{page.Number} passage {passage.Index}: {missing} of {tokens.Length} words are outside its boxes: {string.Join(" ", tokens.Where(t => !covered.Contains(t, StringComparison.Ordinal)).Take(10))}");
        }

        Assert.True(checkedPassages > 0);
    }

    [Fact]
    public void ForRetrieval_FurnitureAndHyphenation_BoxesOfTheBodyLinesOnly()
    {
        // Arrange: a running header and a page number around a paragraph with a word hyphenated at a line end.
        var header = new TextBlock("Annual report", TextRole.Header, new BoundingBox(50, 20, 150, 30), PageSource.TextLayer);
        var body = new TextBlock("The commit-\ntee met on Monday\nand approved the budget.", TextRole.Body, new BoundingBox(50, 100, 200, 134), PageSource.TextLayer);
        var number = new TextBlock("7", TextRole.PageNumber, new BoundingBox(290, 800, 296, 810), PageSource.TextLayer);
        Word[] words =
        [
            W("Annual", 50, 20, 90), W("report", 95, 20, 150),
            W("The", 50, 100, 70), W("commit-", 75, 100, 120),
            W("tee", 50, 112, 70), W("met", 75, 112, 95), W("on", 100, 112, 110), W("Monday", 115, 112, 160),
            W("and", 50, 124, 70), W("approved", 75, 124, 120), W("the", 125, 124, 140), W("budget.", 145, 124, 190),
            W("7", 290, 800, 296),
        ];
        Document document = Doc(new Page
        {
            Number = 1,
            Text = TextBlock.Join([header, body, number]),
            Source = PageSource.TextLayer,
            Blocks = [header, body, number],
            Words = words,
            Width = 595,
            Height = 842,
        });

        // Act
        Chunk passage = Assert.Single(Chunker.ForRetrieval(document));

        // Assert: one box per line of the paragraph, nothing of the header or the page number.
        Assert.Equal("The committee met on Monday and approved the budget.", passage.Text);
        Assert.Equal([new BoundingBox(50, 100, 120, 110), new BoundingBox(50, 112, 160, 122), new BoundingBox(50, 124, 190, 134)], passage.Boxes);
    }

    [Fact]
    public void ForRetrieval_LongPage_EachPassageCoversItsOwnLines()
    {
        // Arrange: a long page laid out 10 words a line, so it is cut into several overlapping passages.
        string text = TestDocs.FillerPage(1, 30);
        Document document = TestDocs.WithWords(TestDocs.Make("d.pdf", text), perLine: 10);
        Page page = document.Pages[0];

        // Act
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(document);

        // Assert: each passage's boxes hold exactly its words (the filler repeats itself, so the walk must not jump to a look-alike sentence).
        Assert.True(passages.Count > 2);
        foreach (Chunk passage in passages)
        {
            string[] inside = [.. page.Words.Where(w => passage.Boxes.Any(b => Contains(b, w.Box))).Select(w => w.Text)];
            Assert.Equal(passage.Text.Split(' '), inside);
        }

        Assert.Equal(page.Words.Count, page.Words.Count(w => passages.Any(p => p.Boxes.Any(b => Contains(b, w.Box)))));
    }

    [Fact]
    public void ForRetrieval_NoWords_BoxesOfTheBlocksThePassageCovers()
    {
        // Arrange: blocks with boxes but no words (a text-layer page read without --words).
        var header = new TextBlock("Minutes of the committee", TextRole.Header, new BoundingBox(50, 20, 300, 30), PageSource.TextLayer);
        var first = new TextBlock(TestDocs.FillerPage(1, 12), TextRole.Body, new BoundingBox(50, 100, 545, 300), PageSource.TextLayer);
        var second = new TextBlock("The committee closed the meeting at noon.", TextRole.Body, new BoundingBox(50, 320, 545, 340), PageSource.TextLayer);
        Document document = Doc(new Page
        {
            Number = 1,
            Text = TextBlock.Join([header, first, second]),
            Source = PageSource.TextLayer,
            Blocks = [header, first, second],
            Width = 595,
            Height = 842,
        });

        // Act
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(document);

        // Assert
        Assert.True(passages.Count >= 2);
        Assert.Equal([first.Box!.Value], passages[0].Boxes);
        Assert.Equal([first.Box!.Value, second.Box!.Value], passages[^1].Boxes);
        Assert.DoesNotContain(passages, p => p.Boxes.Contains(header.Box!.Value));
    }

    [Fact]
    public void ForRetrieval_PlainText_NoBoxes()
    {
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(TestDocs.Make("a.txt", "Plain text has no positions.", TestDocs.FillerPage(2)));

        Assert.All(passages, p => Assert.Empty(p.Boxes));
    }

    private static Word W(string text, int left, int top, int right) => new(text, null, new BoundingBox(left, top, right, top + 10));

    private static Document Doc(Page page) => new() { File = "p.pdf", Kind = DocumentKind.Pdf, Pages = [page] };

    private static bool Contains(BoundingBox outer, BoundingBox inner)
    {
        int x = (inner.Left + inner.Right) / 2, y = (inner.Top + inner.Bottom) / 2;
        return x >= outer.Left && x <= outer.Right && y >= outer.Top && y <= outer.Bottom;
    }

    private static string Normal(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private sealed class NoOcr : IPageRecognizer
    {
        public int Concurrency => 1;

        public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) =>
            throw new OcrException("These tests read text layers only.");
    }
}
