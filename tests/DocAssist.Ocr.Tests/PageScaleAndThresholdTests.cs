using DocAssist.Core;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;
using DocAssist.Testing;
using ImageMagick;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

/// <summary>Letter-height estimation, the reduction of pages whose letters are larger than recognition needs, and the locally thresholded
/// second reading of pages a global threshold leaves empty.</summary>
public class PageScaleAndThresholdTests
{
    private static readonly ExtractOptions Options = new() { Jobs = 1 };

    [Fact]
    public void TextHeight_FollowsThePageSize()
    {
        GrayImage page = Gray("tess_eurotext.tif");
        using LeptPixHandle pix = LeptPixHandle.FromGray(page);
        using LeptPixHandle half = pix.Reduce(0.5);

        double? full = TextHeight.Median(page);
        double? reduced = TextHeight.Median(half.ToGray(150));

        // 10-point print at 300 DPI: an x-height of about 20 pixels (measured 23).
        Assert.NotNull(full);
        Assert.InRange(full!.Value, 16, 30);
        Assert.NotNull(reduced);
        Assert.InRange(reduced!.Value / full.Value, 0.4, 0.6);
    }

    [Fact]
    public void TextHeight_BlankPage_IsNotJudged()
    {
        var blank = new byte[1200 * 1600];
        Array.Fill(blank, (byte)250);

        Assert.Null(TextHeight.Median(new GrayImage(blank, 1200, 1600, 150)));
    }

    [Theory]
    [InlineData(null, 300, 1)] // not measured: left alone
    [InlineData(17.0, 300, 1)] // within 10 % of the target
    [InlineData(24.0, 300, 16 / 24.0)] // typewriting at 300 DPI
    [InlineData(40.0, 300, 0.5)] // large type: not below 150 DPI
    [InlineData(16.5, 400, 1)]
    public void TextScaleStep_Factor(double? letterHeight, double dpi, double expected)
    {
        Assert.Equal(expected, new TextScaleStep().FactorFor(letterHeight, dpi), 3);
    }

    [Fact]
    public async Task RecognizeAsync_PageWithLargeLetters_IsReducedAndItsWordsStayOnTheOriginal()
    {
        const string name = "tess_eurotext.tif";
        using var reduced = new OcrEnginePool(Tessdata, "eng", 1, Options with { IncludeWords = true });
        using var full = new OcrEnginePool(Tessdata, "eng", 1, Options with { IncludeWords = true }, new OcrOptions
        {
            Preprocessing = PreprocessingPipeline.Default.Without<TextScaleStep>(),
        });

        OcrPageResult small = await reduced.RecognizeAsync(Image(name));
        OcrPageResult large = await full.RecognizeAsync(Image(name));

        Assert.True(Cer(name, small.Text) <= Cer(name, large.Text) + 0.01, $"reduced {Cer(name, small.Text):P2}, full size {Cer(name, large.Text):P2}");
        Assert.Equal((1024, 800), (small.ImageWidth, small.ImageHeight));

        // The same words sit in the same places on the original image, within the rounding of a reduction to about 70 %.
        var boxes = large.Words.GroupBy(w => w.Text).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Box);
        var matched = small.Words.Where(w => boxes.ContainsKey(w.Text)).ToList();
        Assert.True(matched.Count >= 30, $"{matched.Count} words in both readings");
        Assert.All(matched, w => Assert.True(
            Math.Abs(w.Box.Left - boxes[w.Text].Left) <= 4 && Math.Abs(w.Box.Bottom - boxes[w.Text].Bottom) <= 4,
            $"{w.Text}: {w.Box} reduced, {boxes[w.Text]} at full size"));
    }

    [Fact]
    public async Task RecognizeAsync_TintedSheetOnWhiteGround_IsReadAgainWithALocalThreshold()
    {
        // A real typewritten letter printed on a darker card and scanned with a wide white ground around it: one threshold for the whole
        // page splits ground from card, and the card, text and all, comes out solid ink.
        const string name = "ehri_EHRI-BF-19380509b_EN_01.jpg";
        PageImage card = TintedCardOnWhite(name);
        using var once = new OcrEnginePool(Tessdata, "eng", 1, Options, new OcrOptions { RetryNearlyEmpty = false });
        using var twice = new OcrEnginePool(Tessdata, "eng", 1, Options);

        OcrPageResult global = await once.RecognizeAsync(card);
        OcrPageResult local = await twice.RecognizeAsync(card);

        Assert.True(Cer(name, global.Text) > 0.8, $"one threshold read {Cer(name, global.Text):P2}:\n{global.Text}");
        double cer = Cer(name, local.Text);
        Assert.True(cer < 0.2, $"CER {cer:P2}:\n{local.Text}"); // measured 15 % (one threshold: over 80 %)
        Assert.Contains(local.Warnings, w => w.Contains("local threshold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecognizeAsync_BlankPage_StaysEmptyAfterTheSecondReading()
    {
        using var image = new MagickImage(new MagickColor(235, 235, 235), 1240, 1754) { Density = new Density(150) };
        image.AddNoise(NoiseType.Gaussian, 2);
        PageImage blank = new() { Data = image.ToByteArray(MagickFormat.Png), Origin = "blank.png" };
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, Options);

        OcrPageResult result = await pool.RecognizeAsync(blank);

        Assert.Equal(string.Empty, result.Text);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("local threshold", StringComparison.Ordinal));
    }

    private static GrayImage Gray(string name) => PageImageLoader.DecodePage(Image(name), long.MaxValue).ToContext().AsGray();

    private static PageImage TintedCardOnWhite(string name)
    {
        using var image = new MagickImage(TestData.Path("images/" + name));
        image.Grayscale();
        image.Evaluate(Channels.All, EvaluateOperator.Multiply, 0.7);
        image.Evaluate(Channels.All, EvaluateOperator.Add, Quantum.Max * 0.05);
        uint border = image.Width / 4;
        image.BorderColor = MagickColors.White;
        image.Border(border, border);
        return new PageImage { Data = image.ToByteArray(MagickFormat.Png), Origin = name + " on a tinted card" };
    }
}
