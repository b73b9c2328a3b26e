using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Ocr.Tests;

internal static class OcrTestHelpers
{
    public static string Tessdata => TestData.Tessdata;

    public static PageImage Image(string name) => new() { Data = File.ReadAllBytes(TestData.Path("images/" + name)), Origin = name };

    public static string GroundTruth(string imageName) => TestData.GroundTruth("images/" + Path.GetFileNameWithoutExtension(imageName) + ".gt.txt");

    public static double Cer(string imageName, string text) => TextMetrics.CharacterErrorRate(GroundTruth(imageName), text);
}
