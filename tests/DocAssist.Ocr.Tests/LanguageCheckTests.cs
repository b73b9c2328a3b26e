using DocAssist.Core;
using DocAssist.Core.Pipeline;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

/// <summary>What a user sees when a page's script or language is not the one loaded: the pool's warnings, script and unreliable flag on real pages.</summary>
public class LanguageCheckTests
{
    private static readonly ExtractOptions DefaultOptions = new() { Jobs = 1 };

    /// <summary>The start of a suggested language list, <c>`languages: …`</c>.</summary>
    private static readonly string LanguagesMention = $"`{Settings.Languages}: ";

    [Theory]
    [InlineData("udhr_hebrew.png", "Hebrew", "heb")]
    [InlineData("udhr_hindi.png", "Devanagari", "hin")]
    public async Task RecognizeAsync_PageInScriptWithoutLoadedData_WarnsHowToReadItAndIsUnreliable(string name, string script, string model)
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(Image(name));

        Assert.True(result.IsUnreliable, string.Join("\n", result.Warnings));
        Assert.Equal(script, result.Script);
        string warning = Assert.Single(result.Warnings, w => w.Contains("script", StringComparison.Ordinal));
        Assert.Contains($"{script} script", warning, StringComparison.Ordinal);
        Assert.Contains($"{model}.traineddata", warning, StringComparison.Ordinal);
        Assert.Contains($"tesseract-ocr-{model}", warning, StringComparison.Ordinal);
        Assert.Contains(Settings.Mention(Settings.Languages, model), warning, StringComparison.Ordinal);
        Assert.DoesNotContain("--", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tess_phototest.tif")]
    [InlineData("ehri_EHRI-BF-19380509b_EN_01.jpg")]
    [InlineData("tess_phototest-rotated-180.png")]
    public async Task RecognizeAsync_EnglishPageReadWithEng_IsLatinWithoutWarningOrSuggestion(string name)
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(Image(name));

        Assert.False(result.IsUnreliable);
        Assert.True(result.Script is null or "Latin", result.Script); // A confident reading skips detection (PageLanguageCheck.ConfidentReading).
        Assert.DoesNotContain(result.Warnings, w => w.Contains("script", StringComparison.Ordinal) || w.Contains(LanguagesMention, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecognizeAsync_FrenchPageReadWithEng_SuggestsAddingFra()
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(Image("tapus_FRAN_0150_0003_L-medium.jpg"));

        Assert.False(result.IsUnreliable);
        string warning = Assert.Single(result.Warnings, w => w.Contains(LanguagesMention, StringComparison.Ordinal));
        Assert.Contains("French", warning, StringComparison.Ordinal);
        Assert.Contains(Settings.Mention(Settings.Languages, "eng+fra"), warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeAsync_FrenchPageReadWithFra_HasNoSuggestion()
    {
        using var pool = new OcrEnginePool(Tessdata, "fra", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(Image("tapus_FRAN_0150_0003_L-medium.jpg"));

        Assert.False(result.IsUnreliable);
        Assert.True(result.Script is null or "Latin", result.Script);
        Assert.DoesNotContain(result.Warnings, w => w.Contains(LanguagesMention, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecognizeAsync_LanguageCheckOff_NeitherDetectsNorWarns()
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions, new OcrOptions { CheckLanguage = false });

        OcrPageResult result = await pool.RecognizeAsync(Image("udhr_hebrew.png"));

        Assert.False(result.IsUnreliable);
        Assert.Null(result.Script);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("Hebrew", "eng", false)]
    [InlineData("Hebrew", "eng+heb", true)]
    [InlineData("Latin", "fra", true)]
    [InlineData("Latin", "heb", false)]
    [InlineData("Fraktur", "deu", true)]
    [InlineData("Han", "chi_tra", true)]
    [InlineData("HanS", "jpn", false)]
    [InlineData("Cyrillic", "eng+ukr", true)]
    [InlineData("Devanagari", "script/Devanagari", true)]
    public void Covers_ScriptAndLoadedModels_TellsWhetherAModelReadsIt(string script, string languages, bool expected)
    {
        bool covered = TesseractLanguages.Covers(languages, script);

        Assert.Equal(expected, covered);
    }

    [Theory]
    [InlineData("chi_sim", "tesseract-ocr-chi-sim")]
    [InlineData("heb", "tesseract-ocr-heb")]
    [InlineData("script/Hebrew", null)]
    public void DebianPackage_Model_IsTesseractOcrWithHyphens(string model, string? expected)
    {
        string? package = TesseractLanguages.DebianPackage(model);

        Assert.Equal(expected, package);
    }

    [Fact]
    public void ReviewScript_WeakForeignScriptOnAConfidentReading_SaysNothing()
    {
        // The dev set's one misdetection: a Latin letter seen as Cyrillic, read with 87 % confidence.
        var detection = new OrientationResult(0, 10, "Cyrillic", 0.5f);

        string? warning = PageLanguageCheck.ReviewScript(detection, "eng", 87);

        Assert.Null(warning);
    }

    [Fact]
    public void ReviewScript_WeakForeignScriptOnAGarbageReading_Warns()
    {
        var detection = new OrientationResult(0, 10, "Arabic", 2.5f);

        string? warning = PageLanguageCheck.ReviewScript(detection, "eng", 30);

        Assert.NotNull(warning);
        Assert.Contains("ara.traineddata", warning, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr-ara", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void SuggestLanguage_EnglishProse_SuggestsNothing()
    {
        string text = File.ReadAllText(DocAssist.Testing.TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.gt.txt"));

        string? warning = PageLanguageCheck.SuggestLanguage(text, "eng", new HashSet<string> { "eng", "fra" });

        Assert.Null(warning);
    }

    [Fact]
    public void SuggestLanguage_FrenchLanguageNotInstalled_SaysHowToInstallIt()
    {
        string text = File.ReadAllText(DocAssist.Testing.TestData.Path("images/tapus_FRAN_0150_0003_L-medium.gt.txt"));

        string? warning = PageLanguageCheck.SuggestLanguage(text, "eng", new HashSet<string> { "eng" });

        Assert.NotNull(warning);
        Assert.Contains("tesseract-ocr-fra", warning, StringComparison.Ordinal);
        Assert.Contains(Settings.Mention(Settings.Languages, "eng+fra"), warning, StringComparison.Ordinal);
    }
}
