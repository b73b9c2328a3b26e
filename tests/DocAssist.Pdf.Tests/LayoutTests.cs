using DocAssist.Core.Pipeline;

namespace DocAssist.Pdf.Tests;

public sealed class LayoutTests
{
    [Fact]
    public async Task DecodeAsync_TwoColumnLatexPaper_ReadsLeftColumnBeforeRightAndJoinsRaisedLetters()
    {
        // Arrange
        const string Left = "This document shows a typical two-column docu";
        const string Right = "be used in any LATEX document since the 1980s.";
        const string RightLater = "Lists often occur in documents.";

        // Act
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/pdfjs_bug1997343.pdf");
        string text = pages[0].Text!;

        // Assert: the raised A and lowered E of the logo are part of the word, and the columns are not interleaved.
        int left = text.IndexOf(Left, StringComparison.Ordinal), right = text.IndexOf(Right, StringComparison.Ordinal);
        Assert.True(left >= 0 && right > left, text);
        Assert.True(text.IndexOf(RightLater, StringComparison.Ordinal) > right, text);
    }

    [Fact]
    public async Task DecodeAsync_TinyAnchorsWithDoubledLetters_KeepsEveryLetter()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/usgov_GSA2022_p3.pdf");

        Assert.Contains("_a452965c-badb-11ec-b51f-cc2efa82ea00", pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("_8f748d10-a65d-46bb-9f16-9a028933f03d", pages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_HebrewSpaceDrawnOverLastLetter_KeepsTheWordWhole()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/pdfjs_issue11656.pdf");

        Assert.Contains("לחוק מבקר המדינה", pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("שלום עולם מה שלום כולם?", pages[0].Text, StringComparison.Ordinal);
    }
}
