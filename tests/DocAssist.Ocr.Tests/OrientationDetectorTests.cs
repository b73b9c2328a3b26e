using DocAssist.Ocr.Imaging;
using ImageMagick;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

public class OrientationDetectorTests
{
    [Theory]
    [InlineData("tess_phototest.tif", 0)]
    [InlineData("tess_phototest-rotated-L.png", 90)]
    [InlineData("tess_phototest-rotated-R.png", 270)]
    [InlineData("tess_phototest-rotated-180.png", 180)]
    public void Detect_TurnedPage_ReturnsClockwiseRotationThatMakesItUpright(string name, int expected)
    {
        using MagickImage decoded = PageImageLoader.Decode(Image(name), long.MaxValue);
        GrayImage page = PageImageLoader.ToGray(decoded, PageImageLoader.StatedDpi(decoded));
        using var detector = new OrientationDetector(Tessdata);

        OrientationResult result = detector.Detect(page);

        Assert.Equal(expected, result.Rotation);
        Assert.True(result.Confidence >= OrientationStep.DefaultMinConfidence, $"confidence {result.Confidence}");
        Assert.Equal("Latin", result.Script);
    }
}
