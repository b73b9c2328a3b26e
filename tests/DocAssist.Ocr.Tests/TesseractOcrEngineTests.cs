using System.Diagnostics;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using ImageMagick;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

public class TesseractOcrEngineTests
{
    private static GrayImage Gray(string name) => DecodeGray(name);

    [Theory]
    [InlineData("tess_phototest.tif", 0.01)] // measured 0.00
    [InlineData("tess_eurotext.tif", 0.04)] // measured 0.0218
    public void Recognize_EnglishPage_MeetsCharacterErrorRateBound(string name, double bound)
    {
        using var engine = new TesseractOcrEngine(Tessdata, "eng");

        var result = engine.Recognize(Gray(name));

        double cer = Cer(name, result.Text);
        Assert.True(cer <= bound, $"CER {cer:P2} above {bound:P2} for {name}:\n{result.Text}");
        Assert.InRange(result.Confidence, 80, 100);
    }

    [Fact]
    public void Recognize_FrenchPage_MeetsCharacterErrorRateBound()
    {
        const string name = "tapus_FRAN_0150_0003_L-medium.jpg";
        using var engine = new TesseractOcrEngine(Tessdata, "fra");

        var result = engine.Recognize(Gray(name));

        double cer = Cer(name, result.Text);
        Assert.True(cer <= 0.025, $"CER {cer:P2} above 2.5 %:\n{result.Text}"); // measured 1.35 %
        Assert.Contains("é", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recognize_WithWords_ReturnsWordsWithBoxesInsideThePage()
    {
        GrayImage page = Gray("tess_phototest.tif");
        using var engine = new TesseractOcrEngine(Tessdata, "eng");

        var result = engine.Recognize(page, includeWords: true);

        Assert.True(result.Words.Count >= 50, $"only {result.Words.Count} words");
        Assert.Contains(result.Words, w => w.Text == "quick");
        Assert.All(result.Words, w =>
        {
            Assert.InRange(w.Box.Left, 0, w.Box.Right - 1);
            Assert.InRange(w.Box.Top, 0, w.Box.Bottom - 1);
            Assert.InRange(w.Box.Right, 1, page.Width);
            Assert.InRange(w.Box.Bottom, 1, page.Height);
            Assert.InRange(w.Confidence!.Value, 0, 100);
        });
    }

    [Fact]
    public void Recognize_WithoutWords_ReturnsNoWords()
    {
        using var engine = new TesseractOcrEngine(Tessdata, "eng");

        var result = engine.Recognize(Gray("tess_phototest.tif"));

        Assert.Empty(result.Words);
    }

    [Fact]
    public void Recognize_SameEngineTwice_GivesSameText()
    {
        using var engine = new TesseractOcrEngine(Tessdata, "eng");
        GrayImage page = Gray("tess_phototest.tif");

        string first = engine.Recognize(page).Text;
        string second = engine.Recognize(page).Text;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Constructor_MissingLanguageFile_ThrowsConfigExceptionNamingTheFileAndTheFix()
    {
        string dir = Directory.CreateTempSubdirectory("docassist-tessdata-").FullName;
        try
        {
            File.Copy(Path.Combine(Tessdata, "eng.traineddata"), Path.Combine(dir, "eng.traineddata"));

            var ex = Assert.Throws<ConfigException>(() => new TesseractOcrEngine(dir, "eng+deu"));

            Assert.Contains("deu.traineddata", ex.Message, StringComparison.Ordinal);
            Assert.Contains(dir, ex.Message, StringComparison.Ordinal);
            Assert.Contains("tesseract-ocr-deu", ex.Message, StringComparison.Ordinal);
            Assert.Contains("tessdata/", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Constructor_DamagedLanguageFile_ThrowsConfigExceptionNamingPathAndLanguage()
    {
        string dir = Directory.CreateTempSubdirectory("docassist-tessdata-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "xyz.traineddata"), "not a model");

            var ex = Assert.Throws<ConfigException>(() => new TesseractOcrEngine(dir, "xyz"));

            Assert.Contains("xyz", ex.Message, StringComparison.Ordinal);
            Assert.Contains(dir, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Constructor_MalformedLanguageList_ThrowsConfigException()
    {
        Assert.Throws<ConfigException>(() => new TesseractOcrEngine(Tessdata, "eng;rm -rf"));
    }

    [Fact]
    public void Recognize_CancelledToken_ThrowsOperationCanceled()
    {
        using var engine = new TesseractOcrEngine(Tessdata, "eng");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => engine.Recognize(Gray("tess_phototest.tif"), cancellationToken: cts.Token));
    }

    [Fact]
    public void Recognize_TimeLimitExceeded_StopsEarlyWithOcrException()
    {
        GrayImage page = Gray("tapus_FRAN_0150_0003_L-medium.jpg");
        using var engine = new TesseractOcrEngine(Tessdata, "fra");
        var full = Stopwatch.StartNew();
        engine.Recognize(page);
        full.Stop();

        var limited = Stopwatch.StartNew();
        var ex = Assert.Throws<OcrException>(() => engine.Recognize(page, timeout: TimeSpan.FromMilliseconds(1)));
        limited.Stop();

        Assert.Contains("time limit", ex.Message, StringComparison.Ordinal);
        Assert.True(limited.Elapsed < full.Elapsed * 0.8, $"a stopped page took {limited.Elapsed.TotalSeconds:0.00} s, a full one {full.Elapsed.TotalSeconds:0.00} s");

        // The engine is still usable afterwards.
        Assert.True(Cer("tapus_FRAN_0150_0003_L-medium.jpg", engine.Recognize(page).Text) < 0.025);
    }

    [Fact]
    public void Recognize_AfterDispose_ThrowsObjectDisposed()
    {
        var engine = new TesseractOcrEngine(Tessdata, "eng");
        engine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => engine.Recognize(new byte[100], 10, 10, null));
    }

    [Fact]
    public void Recognize_PagesWithoutText_AreEmptyWithoutWordsOrConfidence()
    {
        // A blank sheet, a photo-like picture (gradient and noise: Tesseract used to list a whitespace "word" at 95 % for it),
        // and a page of marks without a letter or digit (it used to read "/// \ %").
        MagickNET.SetRandomSeed(7);
        using var blank = new MagickImage(MagickColors.White, 1700, 2200);
        using var photo = new MagickImage("gradient:#101010-#f0f0f0", 1600, 1200);
        photo.AddNoise(NoiseType.Impulse);
        photo.AddNoise(NoiseType.Gaussian);
        GrayImage[] pages = [PageImageLoader.ToGray(blank, 300), PageImageLoader.ToGray(photo, 300), Gray("marks_only.png")];
        using var engine = new TesseractOcrEngine(Tessdata, "eng");

        OcrPageResult[] results = [.. pages.Select(p => engine.Recognize(p, includeWords: true))];

        Assert.All(results, r =>
        {
            Assert.Equal(string.Empty, r.Text);
            Assert.Empty(r.Words);
            Assert.Equal(0, r.Confidence);
        });
    }

    [Fact]
    public void Recognize_TextPage_ConfidenceIsTheMeanOverRealWordsAndNoWordIsBlank()
    {
        using var engine = new TesseractOcrEngine(Tessdata, "eng");

        OcrPageResult result = engine.Recognize(Gray("tess_eurotext.tif"), includeWords: true);

        Assert.All(result.Words, w => Assert.False(string.IsNullOrWhiteSpace(w.Text)));
        float expected = result.Words.Where(w => w.Text.Any(char.IsLetterOrDigit)).Average(w => w.Confidence ?? 0);
        Assert.Equal(expected, result.Confidence, 3);
    }
}
