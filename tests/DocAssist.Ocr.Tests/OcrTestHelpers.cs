using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Testing;
using ImageMagick;

namespace DocAssist.Ocr.Tests;

internal static class OcrTestHelpers
{
    public static string Tessdata => TestData.Tessdata;

    public static PageImage Image(string name) => new() { Data = File.ReadAllBytes(TestData.Path("images/" + name)), Origin = name };

    /// <summary>Decodes a test image to gray pixels at its stated resolution, without preprocessing.</summary>
    public static GrayImage DecodeGray(string name)
    {
        using MagickImage decoded = PageImageLoader.Decode(Image(name), long.MaxValue);
        return PageImageLoader.ToGray(decoded, PageImageLoader.StatedDpi(decoded));
    }

    public static string GroundTruth(string imageName) => TestData.GroundTruth("images/" + Path.GetFileNameWithoutExtension(imageName) + ".gt.txt");

    public static double Cer(string imageName, string text) => TextMetrics.CharacterErrorRate(GroundTruth(imageName), text);

    /// <summary>Runs <paramref name="action"/> with a native hook taken out (<paramref name="uninstall"/>), then puts it back (<paramref name="install"/>).</summary>
    public static T WithoutHook<T>(Action uninstall, Func<bool> install, Func<T> action)
    {
        uninstall();
        try
        {
            return action();
        }
        finally
        {
            install();
        }
    }
}
