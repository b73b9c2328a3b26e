using DocAssist.Core.Model;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Summaries;
using DocAssist.Llm.Text;

namespace DocAssist.Llm.Tests;

public sealed class ContentTextTests
{
    private const string RunningHeader = "2 2002 IS THE CRITICAL REYNOLDS NUMBER UNIVERSAL?";

    [Theory]
    [InlineData("Scanned docu-\nments are indexed.", "Scanned documents are indexed.")]
    [InlineData("From 2020-\n2024 the rate rose.", "From 2020-2024 the rate rose.")]
    [InlineData("Send an e-\nmail to the clerk.", "Send an e-mail to the clerk.")]
    [InlineData("Jean-\nPierre signed.", "Jean-Pierre signed.")]
    [InlineData("The items are listed -\nsee below.", "The items are listed - see below.")]
    [InlineData("A well-known result. It is well-\nknown.", "A well-known result. It is well-known.")]
    [InlineData("Soft\u00AD\nhyphen.", "Softhyphen.")]
    [InlineData("デュプ\nレックス絶縁電線", "デュプレックス絶縁電線")]
    [InlineData("the PDF\n文件", "the PDF 文件")]
    public void Of_PlainPage_JoinsLinesByTheRule(string text, string expected)
    {
        // Arrange
        var page = new Page { Number = 1, Text = text, Source = PageSource.TextLayer };

        // Act
        string content = ContentText.Of(page);

        // Assert
        Assert.Equal(expected, content);
    }

    [Fact]
    public void Of_PageWithFurniture_LeavesOutHeaderFooterAndPageNumber()
    {
        // Arrange
        Page page = ReynoldsPage(1);

        // Act
        string content = ContentText.Of(page);

        // Assert
        Assert.Contains(RunningHeader, page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("REYNOLDS", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Preprint", content, StringComparison.Ordinal);
        Assert.StartsWith("The transition to turbulence in pipe flow", content, StringComparison.Ordinal);
        Assert.Contains("depends on the disturbances", content, StringComparison.Ordinal);
    }

    [Fact]
    public void ForRetrieval_RunningHeader_NotInAnyPassageNorFound()
    {
        // Arrange
        Document document = ReynoldsPaper();

        // Act
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(document);
        using Bm25Index index = AskTests.Index(document);
        IReadOnlyList<SearchHit> hits = index.Search("IS THE CRITICAL REYNOLDS NUMBER UNIVERSAL?", 10);

        // Assert
        Assert.NotEmpty(passages);
        Assert.All(passages, p => Assert.DoesNotContain("UNIVERSAL", p.Text, StringComparison.Ordinal));
        Assert.All(hits, h => Assert.DoesNotContain("UNIVERSAL", h.Chunk.Text, StringComparison.Ordinal));
        Assert.Equal([1, 2, 3], passages.Select(p => p.FirstPage).Distinct());
    }

    [Fact]
    public void Summarize_RunningHeader_NeverASummarySentence()
    {
        // Arrange
        Document document = ReynoldsPaper();

        // Act
        ExtractiveSummary summary = ExtractiveSummarizer.Summarize(document, SummaryLength.Long);

        // Assert
        Assert.Equal(12, summary.SentenceCount);
        Assert.All(summary.Sentences, s => Assert.DoesNotContain("REYNOLDS NUMBER UNIVERSAL", s.Text, StringComparison.Ordinal));
        Assert.All(document.Pages, p => Assert.Contains(RunningHeader, p.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Search_WordHyphenatedAtLineEnd_FoundByTheWholeWord()
    {
        // Arrange
        Document document = TestDocs.Make("h.txt", "The clerk files the signed docu-\nments in the archive.", "Nothing else is stored here.");
        using Bm25Index index = AskTests.Index(document);

        // Act
        IReadOnlyList<SearchHit> hits = index.Search("Where are the documents filed?", 3);

        // Assert
        Assert.Equal(1, hits[0].Chunk.FirstPage);
        Assert.Contains("signed documents in the archive", hits[0].Chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_BlocksPage_HyphenationUndoneInsideABlock()
    {
        // Arrange
        Document document = ReynoldsPaper();
        using Bm25Index index = AskTests.Index(document);

        // Act
        IReadOnlyList<SearchHit> hits = index.Search("disturbances", 3);

        // Assert
        Assert.NotEmpty(hits);
        Assert.Contains("on the disturbances", hits[0].Chunk.Text, StringComparison.Ordinal);
    }

    // A two-column paper's page as the PDF reader gives it: a running header, body blocks, a footer and a page number.
    private static Page ReynoldsPage(int number)
    {
        TextBlock[] blocks =
        [
            new(RunningHeader, TextRole.Header, new BoundingBox(50, 20, 550, 35), PageSource.TextLayer),
            new($"The transition to turbulence in pipe flow is studied on page {number}. The critical Reynolds number at which it\nhappens depends on the distur-\nbances in the inlet and on the wall roughness of the pipe.", TextRole.Body, new BoundingBox(50, 60, 290, 400), PageSource.TextLayer),
            new("Experiments in long pipes show that turbulent puffs decay below a threshold, while above it they split and spread through the whole pipe.\nThe measured threshold agrees with earlier estimates within a few percent.", TextRole.Body, new BoundingBox(310, 60, 550, 400), PageSource.TextLayer),
            new("Preprint submitted to the journal", TextRole.Footer, new BoundingBox(50, 760, 550, 775), PageSource.TextLayer),
            new(number.ToString(System.Globalization.CultureInfo.InvariantCulture), TextRole.PageNumber, new BoundingBox(290, 780, 310, 790), PageSource.TextLayer),
        ];
        return new Page
        {
            Number = number,
            Text = string.Join("\n\n", blocks.Select(b => b.Text)),
            Source = PageSource.TextLayer,
            Blocks = blocks,
        };
    }

    private static Document ReynoldsPaper() => new()
    {
        File = "reynolds.pdf",
        Kind = DocumentKind.Pdf,
        Pages = [ReynoldsPage(1), ReynoldsPage(2), ReynoldsPage(3)],
    };
}
