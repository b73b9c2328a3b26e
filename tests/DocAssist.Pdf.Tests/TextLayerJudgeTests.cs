namespace DocAssist.Pdf.Tests;

public sealed class TextLayerJudgeTests
{
    private const double A4 = 595.0 * 842.0;

    private const string RealText = """
        The reading room opened on the first Monday of the quarter.
        Visitors borrowed 1,284 books and returned 1,197 of them.
        """;

    [Fact]
    public void Judge_RealText_IsUsable()
    {
        TextLayerVerdict verdict = TextLayerJudge.Judge(RealText, A4, imageCoverage: 0);

        Assert.True(verdict.IsUsable);
        Assert.Null(verdict.Reason);
    }

    [Fact]
    public void Judge_CidPlaceholders_IsGarbage()
    {
        TextLayerVerdict verdict = TextLayerJudge.Judge("(cid:12)(cid:13) (cid:14)(cid:15)(cid:16) ab", A4, 0);

        Assert.Equal(TextLayerKind.Garbage, verdict.Kind);
        Assert.Contains("unreadable", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ReplacementCharacters_IsGarbage()
    {
        TextLayerVerdict verdict = TextLayerJudge.Judge("\uFFFD\uFFFD\uFFFD \uFFFD\uFFFDa \uFFFD\uFFFD", A4, 0);

        Assert.Equal(TextLayerKind.Garbage, verdict.Kind);
    }

    [Fact]
    public void Judge_UnmappedGlyphCodesAsControlCharacters_IsGarbage()
    {
        // PdfPig casts an unmapped glyph code to a char: small codes become control characters.
        TextLayerVerdict verdict = TextLayerJudge.Judge("\u0003\u0011\u0012\u0005 \u0007\u0008\u0013 Page 1", A4, 0);

        Assert.Equal(TextLayerKind.Garbage, verdict.Kind);
    }

    [Fact]
    public void Judge_PrivateUseAreaDominating_IsGarbage()
    {
        TextLayerVerdict verdict = TextLayerJudge.Judge("\uF021\uF022\uF023\uF024 \uF025\uF026 ok", A4, 0);

        Assert.Equal(TextLayerKind.Garbage, verdict.Kind);
    }

    [Fact]
    public void Judge_AFewSymbolsInRealText_IsUsable()
    {
        // Math papers use symbol fonts mapped to the private-use area; a few such characters are fine.
        TextLayerVerdict verdict = TextLayerJudge.Judge(RealText + " \uF02B \uF0B4 \uF03D", A4, 0);

        Assert.True(verdict.IsUsable);
    }

    [Fact]
    public void Judge_FewLettersOnPageCoveredByImage_IsSparse()
    {
        TextLayerVerdict verdict = TextLayerJudge.Judge("Scan 7\n- 3 -", A4, imageCoverage: 0.98);

        Assert.Equal(TextLayerKind.Sparse, verdict.Kind);
        Assert.Contains("only 4 letters", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_FewLettersWithoutImage_IsUsable()
    {
        // A sparse page (a title page, a page number alone) is real text.
        TextLayerVerdict verdict = TextLayerJudge.Judge("Appendix B", A4, imageCoverage: 0.1);

        Assert.True(verdict.IsUsable);
    }

    [Fact]
    public void Judge_FullPageOfTextOverImage_IsUsable()
    {
        // A scan with a proper OCR layer underneath.
        string text = string.Concat(Enumerable.Repeat(RealText, 5));

        TextLayerVerdict verdict = TextLayerJudge.Judge(text, A4, imageCoverage: 1);

        Assert.True(verdict.IsUsable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t \n")]
    public void Judge_NoCharacters_IsNoText(string text)
    {
        Assert.Equal(TextLayerKind.None, TextLayerJudge.Judge(text, A4, 0).Kind);
    }

    [Fact]
    public void Judge_NonLatinScript_IsUsable()
    {
        TextLayerVerdict verdict = TextLayerJudge.Judge("Փոքրիկ խոզուկը 小猪 子豚 — ein Schweinchen", A4, 0);

        Assert.True(verdict.IsUsable);
    }
}
