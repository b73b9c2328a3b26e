using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

public class OcrEnginePoolTests
{
    private static readonly ExtractOptions DefaultOptions = new() { Jobs = 2 };

    [Theory]
    [InlineData("tess_phototest-rotated-L.png", 90)]
    [InlineData("tess_phototest-rotated-180.png", 180)]
    public async Task RecognizeAsync_TurnedPage_ReadsItUprightAndReportsTheRotation(string name, int rotation)
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(Image(name));

        Assert.Equal(rotation, result.Rotation);
        double cer = Cer(name, result.Text);
        Assert.True(cer <= 0.01, $"CER {cer:P2} for {name}:\n{result.Text}"); // measured 0.00 (82 % without orientation)
    }

    [Fact]
    public async Task RecognizeAsync_PageTurnedRight_ReadsIt()
    {
        // Tesseract's own layout analysis reads this one as vertical text, so the default (deferred) check leaves it as it is;
        // the always-on step turns it.
        const string name = "tess_phototest-rotated-R.png";
        using var deferred = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);
        using var always = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions, new OcrOptions
        {
            Preprocessing = new([new GrayscaleStep(), new UpscaleStep(), new OrientationStep()]),
        });

        OcrPageResult byDefault = await deferred.RecognizeAsync(Image(name));
        OcrPageResult turned = await always.RecognizeAsync(Image(name));

        Assert.True(Cer(name, byDefault.Text) <= 0.01, byDefault.Text);
        Assert.Equal(0, byDefault.Rotation);
        Assert.True(Cer(name, turned.Text) <= 0.01, turned.Text);
        Assert.Equal(270, turned.Rotation);
    }

    [Fact]
    public async Task RecognizeAsync_TurnedPageWithOrientationOff_IsReadAsItIs()
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions with { DetectOrientation = false });

        OcrPageResult result = await pool.RecognizeAsync(Image("tess_phototest-rotated-180.png"));

        Assert.Equal(0, result.Rotation);
        Assert.True(Cer("tess_phototest-rotated-180.png", result.Text) > 0.5);
    }

    [Fact]
    public async Task RecognizeAsync_LowResolutionLetter_IsUpscaledAndMeetsBound()
    {
        const string name = "ehri_EHRI-BF-19380509b_EN_01.jpg"; // 934×1170, states 72 DPI
        var upscale = new UpscaleStep();
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions with { IncludeWords = true });

        OcrPageResult result = await pool.RecognizeAsync(Image(name));

        Assert.Equal(upscale.MaxFactor, upscale.FactorFor(72, 934, 1170));
        double cer = Cer(name, result.Text);
        Assert.True(cer <= 0.015, $"CER {cer:P2}:\n{result.Text}"); // measured 0.97 % (2.87 % without upscaling)

        // Word boxes come back in the source image's pixels, not the enlarged page's.
        Assert.All(result.Words, w => Assert.InRange(w.Box.Right, 1, 934));
        Assert.All(result.Words, w => Assert.InRange(w.Box.Bottom, 1, 1170));
    }

    [Fact]
    public async Task RecognizeAsync_HighResolutionPage_IsReducedTo300Dpi_WordsStillInTheSourcePixels()
    {
        // The phototest page enlarged 2× and stated at 600 DPI: the default pipeline reads it at 300 DPI, and its words come back where
        // they are in the 600-DPI image (twice where they are in the original).
        const string name = "tess_phototest.tif";
        using var original = new ImageMagick.MagickImage(Image(name).Data.ToArray());
        using var large = (ImageMagick.MagickImage)original.Clone();
        large.Resize(original.Width * 2, original.Height * 2);
        large.Density = new ImageMagick.Density(600, 600, ImageMagick.DensityUnit.PixelsPerInch);
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions with { IncludeWords = true });

        OcrPageResult small = await pool.RecognizeAsync(new PageImage { Data = original.ToByteArray(ImageMagick.MagickFormat.Png), Dpi = 300, Origin = name });
        OcrPageResult big = await pool.RecognizeAsync(new PageImage { Data = large.ToByteArray(ImageMagick.MagickFormat.Png), Dpi = 600, Origin = name });

        Assert.Equal(0.5, new UpscaleStep(maxDpi: 300).FactorFor(600, (int)large.Width, (int)large.Height));
        Assert.True(Cer(name, big.Text) <= 0.01, big.Text);
        Assert.Equal(small.Text, big.Text);
        Core.Model.Word word = small.Words.First(w => w.Text == "quick");
        Core.Model.Word twice = big.Words.First(w => w.Text == "quick");
        Assert.InRange(twice.Box.Left, (word.Box.Left * 2) - 4, (word.Box.Left * 2) + 4);
        Assert.InRange(twice.Box.Bottom, (word.Box.Bottom * 2) - 4, (word.Box.Bottom * 2) + 4);
    }

    [Fact]
    public async Task RecognizeAsync_FrenchPage_MeetsBound()
    {
        const string name = "tapus_FRAN_0150_0003_L-medium.jpg";
        using var pool = new OcrEnginePool(Tessdata, "fra", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(Image(name));

        double cer = Cer(name, result.Text);
        Assert.True(cer <= 0.025, $"CER {cer:P2}:\n{result.Text}");
    }

    [Fact]
    public async Task RecognizeAsync_ManyPagesOnTwoWorkers_RunInParallelAndReturnEachPagesText()
    {
        string[] names = ["tess_phototest.tif", "tess_eurotext.tif", "tess_phototest-rotated-180.png", "tess_phototest-rotated-L.png", "tess_phototest.tif", "tess_eurotext.tif"];
        using var pool = new OcrEnginePool(Tessdata, "eng", 2, DefaultOptions);

        OcrPageResult[] results = await Task.WhenAll(names.Select(n => pool.RecognizeAsync(Image(n))));

        Assert.Equal(2, pool.Concurrency);
        Assert.Equal(2, pool.PeakConcurrency);
        for (int i = 0; i < names.Length; i++)
        {
            double cer = Cer(names[i], results[i].Text);
            Assert.True(cer <= 0.04, $"page {i} ({names[i]}): CER {cer:P2}");
        }
    }

    [Fact]
    public async Task RecognizeAsync_CancelledToken_CancelsThePage()
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RecognizeAsync(Image("tess_phototest.tif"), cts.Token));
    }

    [Fact]
    public async Task RecognizeAsync_CancelledWhileQueued_IsAbandonedAndOthersStillComplete()
    {
        using var pool = new OcrEnginePool(Tessdata, "fra", 1, DefaultOptions);
        using var cts = new CancellationTokenSource();

        Task<OcrPageResult> busy = pool.RecognizeAsync(Image("tapus_FRAN_0150_0003_L-medium.jpg"));
        Task<OcrPageResult> queued = pool.RecognizeAsync(Image("tapus_FRAN_0150_0003_L-medium.jpg"), cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.False(busy.IsCompleted, "the queued page should be abandoned at once, not after the running one");
        Assert.True(Cer("tapus_FRAN_0150_0003_L-medium.jpg", (await busy).Text) <= 0.025);
    }

    [Fact]
    public async Task RecognizeAsync_ImageOverPixelLimit_ThrowsDocumentFormatExceptionNamingTheLimit()
    {
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions with { MaxImagePixels = 100_000 });

        var ex = await Assert.ThrowsAsync<DocumentFormatException>(() => pool.RecognizeAsync(Image("tess_phototest.tif"))); // 640×480

        Assert.Contains("100,000", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Settings.Mention(Settings.MaxImagePixels), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tess_phototest.tif", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeAsync_TruncatedImage_ThrowsDocumentFormatException()
    {
        byte[] whole = File.ReadAllBytes(DocAssist.Testing.TestData.Path("images/tess_phototest-rotated-L.png"));
        var truncated = new PageImage { Data = whole.AsMemory(0, whole.Length / 2), Origin = "half.png" };
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        var ex = await Assert.ThrowsAsync<DocumentFormatException>(() => pool.RecognizeAsync(truncated));

        Assert.Contains("half.png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeAsync_GarbageBytes_ThrowsDocumentFormatException()
    {
        var garbage = new PageImage { Data = "\x89PNG\r\n\x1a\nthis is not an image"u8.ToArray(), Origin = "garbage.png" };
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        await Assert.ThrowsAsync<DocumentFormatException>(() => pool.RecognizeAsync(garbage));
    }

    [Fact]
    public async Task RecognizeAsync_RawGrayPixels_AreReadWithoutDecoding()
    {
        using var decoded = PageImageLoader.Decode(Image("tess_phototest.tif"), long.MaxValue);
        GrayImage gray = PageImageLoader.ToGray(decoded, 200);
        var raw = new PageImage { Data = gray.Pixels, IsRawGray = true, Width = gray.Width, Height = gray.Height, Dpi = 200 };
        using var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);

        OcrPageResult result = await pool.RecognizeAsync(raw);

        Assert.True(Cer("tess_phototest.tif", result.Text) <= 0.01, result.Text);
    }

    [Fact]
    public void Constructor_MissingLanguage_ThrowsConfigException()
    {
        var ex = Assert.Throws<ConfigException>(() => new OcrEnginePool(Tessdata, "eng+zzz", 2, DefaultOptions));

        Assert.Contains("zzz.traineddata", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_AfterWork_LeavesNoNativeHandles()
    {
        Assert.Equal(0, NativeHandleCounter.Outstanding);
        using (var pool = new OcrEnginePool(Tessdata, "eng", 2, DefaultOptions with { IncludeWords = true }, new OcrOptions
        {
            Preprocessing = new([new GrayscaleStep(), new UpscaleStep(), new OrientationStep(), new DeskewStep()]),
        }))
        {
            // Two engines and two detectors, each with its native objects.
            Assert.True(NativeHandleCounter.Outstanding >= 4, $"{NativeHandleCounter.Outstanding} handles while running");
            await Task.WhenAll(pool.RecognizeAsync(Image("tess_phototest-rotated-L.png")), pool.RecognizeAsync(Image("tess_phototest.tif")));
        }

        Assert.Equal(0, NativeHandleCounter.Outstanding);
        Assert.Equal(0, TesseractOcrEngine.OutstandingNativeHandles);
    }

    [Fact]
    public async Task RecognizeAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var pool = new OcrEnginePool(Tessdata, "eng", 1, DefaultOptions);
        pool.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RecognizeAsync(Image("tess_phototest.tif")));
    }
}
