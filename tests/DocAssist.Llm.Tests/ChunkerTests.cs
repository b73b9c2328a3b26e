using DocAssist.Core.Model;
using DocAssist.Llm.Text;

namespace DocAssist.Llm.Tests;

public sealed class ChunkerTests
{
    [Fact]
    public void ForRetrieval_PassagesStayOnTheirPageAndCoverAllWords()
    {
        Document document = TestDocs.Make("d.txt", TestDocs.FillerPage(1, 30), "Short page two.", string.Empty, TestDocs.FillerPage(4, 30));

        IReadOnlyList<Chunk> chunks = Chunker.ForRetrieval(document);

        Assert.All(chunks, c => Assert.Equal(c.FirstPage, c.LastPage));
        Assert.All(chunks, c => Assert.True(Tokens.Estimate(c.Text) <= Chunker.DefaultPassageTokens + Chunker.DefaultOverlapTokens + 40));
        Assert.DoesNotContain(chunks, c => c.FirstPage == 3);
        foreach (Page page in document.Pages)
        {
            var words = page.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var covered = chunks.Where(c => c.FirstPage == page.Number).SelectMany(c => c.Text.Split(' ')).ToHashSet();
            Assert.Subset(covered, words);
        }

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
    }

    [Fact]
    public void ForSummary_PacksPagesAndKeepsSpans()
    {
        Document document = TestDocs.Make("d.txt", [.. Enumerable.Range(1, 10).Select(p => TestDocs.FillerPage(p, 10))]);

        IReadOnlyList<Chunk> parts = Chunker.ForSummary(document, 1000);

        Assert.True(parts.Count > 1);
        Assert.Equal(1, parts[0].FirstPage);
        Assert.Equal(10, parts[^1].LastPage);
        for (int i = 1; i < parts.Count; i++)
        {
            Assert.True(parts[i].FirstPage >= parts[i - 1].LastPage);
        }

        Assert.All(parts, p => Assert.True(Tokens.Estimate(p.Text) <= 1000));
        Assert.All(Enumerable.Range(1, 10), n => Assert.Contains(parts, p => p.Text.Contains($"MARKER-{n:D3}", StringComparison.Ordinal)));
    }

    [Fact]
    public void ForSummary_PageLargerThanAPart_SplitAndNothingLost()
    {
        Document document = TestDocs.Make("d.txt", TestDocs.FillerPage(1, 200));

        IReadOnlyList<Chunk> parts = Chunker.ForSummary(document, 500);

        Assert.True(parts.Count > 3);
        Assert.All(parts, p => Assert.Equal((1, 1), (p.FirstPage, p.LastPage)));
        Assert.Equal(200, parts.Sum(p => p.Text.Split("in the minutes.").Length - 1));
    }

    [Fact]
    public void Sentences_OcrLineBreaksJoined()
    {
        IReadOnlyList<string> sentences = Sentences.Split("The com-\nmittee met on\nMonday. It agreed.\n\nNew para");

        Assert.Equal(["The committee met on Monday.", "It agreed.", "New para"], sentences);
    }

    [Theory]
    [InlineData("The committee reviewed the report and the budget for the year that was presented by the board.", "English")]
    [InlineData("Le comité a examiné le rapport et les comptes de l'année qui ont été présentés par le conseil.", "French")]
    [InlineData("Der Ausschuss hat den Bericht und die Zahlen für das Jahr geprüft, die von dem Vorstand vorgelegt wurden.", "German")]
    public void LanguageGuess_CommonLanguages(string text, string language) => Assert.Equal(language, LanguageGuess.Guess(text));
}
