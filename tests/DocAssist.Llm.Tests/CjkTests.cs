using DocAssist.Core.Model;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.Llm.Tests;

public sealed class CjkTests
{
    // Japanese: text of test/pdfs/issue16063.pdf in the pdf.js test corpus, as pdftotext gives it (lines break inside words).
    private const string JapaneseWiring = """
        電線接続端子部が次のいずれにも該当しないとき。
        ａ ねじ止め端子であること。
        ｂ ねじなし端子であって、工具を用いずに電線の接続を行うことがで
        きる速結端子又はスプリング式ねじなし端子と称されるもの（以下
        「速結端子（スプリング式ねじなし端子）」という。）であること。
        電線関係
        １．１ 絶縁電線関係
        ポリエチレン絶縁電線に裸線をより合わせて引込用に使用されるデュプ
        レックス絶縁電線又はトリプレックス絶縁電線と称されるものは、絶縁電線
        に該当しないと解釈し、対象外として取り扱う。
        """;

    private const string JapaneseRetirement = "退職金は、勤続年数に応じて支給する。退職を希望する者は、退職日の一か月前までに申し出ること。";

    // Simplified Chinese: text of test/pdfs/issue12823.pdf in the pdf.js test corpus.
    private const string ChineseTeam = "愿景\n描述团队的共同目标，有利于团队成员理解目标并朝着目标努力。\n\n知识库简介\n介绍知识库的主要内容、面向的群体。\n\n重点关注\n可以将需要关注的文档链接粘贴在这里，方便成员快速访问。";

    private const string ChineseInsurance = "本公司提供多種保險產品。要保人應於保險期間內按時繳納保險費。發生保險事故時，被保險人應於三十日內通知本公司，並提供相關證明文件。";

    [Theory]
    [InlineData("保險")]
    [InlineData("保險事故發生後要在幾天內通知？")]
    [InlineData("险")]
    public void Search_ChineseQuestion_FindsTheChinesePassage(string question)
    {
        // Arrange
        using Bm25Index index = AskTests.Index(
            TestDocs.Make("team.txt", ChineseTeam),
            TestDocs.Make("policy.txt", "The policy covers water damage.", question == "险" ? ChineseInsurance.Replace('險', '险') : ChineseInsurance));

        // Act
        IReadOnlyList<SearchHit> hits = index.Search(question, 3);

        // Assert
        Assert.NotEmpty(hits);
        Assert.Equal(("policy.txt", 2), (hits[0].Chunk.File, hits[0].Chunk.FirstPage));
        Assert.StartsWith("本公司提供多種", hits[0].Chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_SimplifiedChineseQuestion_FindsRealText()
    {
        // Arrange
        using Bm25Index index = AskTests.Index(TestDocs.Make("team.txt", ChineseTeam), TestDocs.Make("policy.txt", ChineseInsurance));

        // Act
        IReadOnlyList<SearchHit> hits = index.Search("知识库的主要内容是什么？", 3);

        // Assert
        Assert.Equal("team.txt", hits[0].Chunk.File);
        Assert.Contains("介绍知识库的主要内容、面向的群体。", hits[0].Chunk.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("退職", 2)]
    [InlineData("退職金はいつ申し出る？", 2)]
    [InlineData("デュプレックス絶縁電線とは", 1)]
    [InlineData("速結端子", 1)]
    public void Search_JapaneseQuestion_FindsItsPage(string question, int page)
    {
        // Arrange
        using Bm25Index index = AskTests.Index(TestDocs.Make("rules.txt", JapaneseWiring, JapaneseRetirement, "Appendix: English summary of the rules."));

        // Act
        IReadOnlyList<SearchHit> hits = index.Search(question, 3);

        // Assert
        Assert.NotEmpty(hits);
        Assert.Equal(page, hits[0].Chunk.FirstPage);
    }

    [Fact]
    public void Search_JapaneseHit_ReturnsTheOriginalTextNotBigrams()
    {
        // Arrange
        using Bm25Index index = AskTests.Index(TestDocs.Make("rules.txt", JapaneseWiring));

        // Act
        SearchHit hit = index.Search("デュプレックス", 1).Single();

        // Assert: the line break inside the word is joined without a space, and no bigram form leaks out.
        Assert.Contains("引込用に使用されるデュプレックス絶縁電線又は", hit.Chunk.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("デュ ュプ", hit.Chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_KoreanStemWithParticle_Found()
    {
        // Arrange
        using Bm25Index index = AskTests.Index(TestDocs.Make("hr.txt", "회사는 매년 교육을 실시한다.", "퇴직금은 근로자가 1년 이상 근무한 경우에 지급된다."));

        // Act
        IReadOnlyList<SearchHit> hits = index.Search("퇴직금", 3);

        // Assert
        Assert.Equal(2, hits[0].Chunk.FirstPage);
    }

    [Fact]
    public void Search_EnglishNextToChinese_StillStemmed()
    {
        // Arrange
        using Bm25Index index = AskTests.Index(TestDocs.Make("mixed.txt", "The insurers paid the claims.", ChineseInsurance));

        // Act
        IReadOnlyList<SearchHit> hits = index.Search("insurer claim", 3);

        // Assert
        Assert.Equal(1, hits.Single().Chunk.FirstPage);
    }

    [Fact]
    public void Split_JapaneseAndChinese_EndsAtFullStopsWithoutSpaces()
    {
        // Arrange
        string text = JapaneseRetirement + "「はい。」と言った。\n" + "保險費何時繳納？請於期限內繳納！";

        // Act
        IReadOnlyList<string> sentences = Sentences.Split(text);

        // Assert
        Assert.Equal(
            ["退職金は、勤続年数に応じて支給する。", "退職を希望する者は、退職日の一か月前までに申し出ること。", "「はい。」と言った。", "保險費何時繳納？", "請於期限內繳納！"],
            sentences);
    }

    [Fact]
    public void Estimate_CjkText_OneTokenPerLetter()
    {
        // Arrange
        string chinese = string.Concat(Enumerable.Repeat("保險費", 100));

        // Act
        int tokens = Tokens.Estimate(chinese);
        int mixed = Tokens.Estimate("保險 insurance");

        // Assert
        Assert.Equal(300, tokens);
        Assert.Equal(2 + (int)Math.Ceiling(10 / Tokens.CharsPerToken), mixed);
    }

    [Fact]
    public void ForRetrieval_LongChinesePage_PassagesWithinTheTokenBudget()
    {
        // Arrange: about 1,800 letters of Chinese, which is about 1,800 tokens, not 560.
        Document document = TestDocs.Make("policy.txt", string.Concat(Enumerable.Repeat(ChineseInsurance, 30)));

        // Act
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(document);

        // Assert
        Assert.True(passages.Count >= 1800 / (Chunker.DefaultPassageTokens + Chunker.DefaultOverlapTokens), $"{passages.Count} passages");
        Assert.All(passages, p => Assert.True(Tokens.Estimate(p.Text) <= Chunker.DefaultPassageTokens + Chunker.DefaultOverlapTokens + 40, $"{Tokens.Estimate(p.Text)} tokens"));
        Assert.All(passages, p => Assert.DoesNotContain("。 ", p.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ChineseInsurance, "Chinese")]
    [InlineData(JapaneseRetirement, "Japanese")]
    [InlineData("퇴직금은 근로자가 1년 이상 근무한 경우에 지급된다.", "Korean")]
    public void Guess_CjkText_NamesTheLanguage(string text, string language)
    {
        // Act
        string? guess = LanguageGuess.Guess(text);

        // Assert
        Assert.Equal(language, guess);
    }
}
