using CsCheck;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Testing;

namespace DocAssist.Ocr.Tests;

/// <summary>
/// Fuzzes the image entry points (frame listing and pixel decoding, Magick and Leptonica) with damaged real images: the
/// result is a page or a DocumentFormatException, never another exception and never a crash. CI runs a short burst;
/// set DOCASSIST_FUZZ_SECONDS for a longer run by hand.
/// </summary>
public sealed class ImageFuzzTests
{
    private static readonly string[] SeedFiles = ["tess_phototest.tif", "ehri_EHRI-BF-19380509b_EN_01.jpg", "tess_phototest-rotated-L.png", "multipage.tif"];

    [Fact]
    public void Decode_DamagedImages_YieldPixelsOrDocumentFormatException()
    {
        byte[][] seeds = [.. SeedFiles.Select(f => File.ReadAllBytes(TestData.Path("images/" + f)))];
        string dir = Directory.CreateTempSubdirectory("docassist-fuzz-").FullName;
        var decoder = new ImageDocumentDecoder();
        var options = new ExtractOptions { MaxImagePixels = 20_000_000 };
        try
        {
            Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, Mutator.Operations - 1], Gen.Int, Gen.Int[1, 32])
                .Sample(
                    (seed, op, salt, size) =>
                    {
                        string path = Path.Combine(dir, "fuzz.img");
                        File.WriteAllBytes(path, Mutator.Mutate(seeds[seed], op, salt, size));
                        try
                        {
                            foreach (PageContent page in decoder.DecodeAsync(path, options).ToBlockingEnumerable())
                            {
                                DecodedPage decoded = PageImageLoader.DecodePage(page.Image!, options.MaxImagePixels, path);
                                decoded.Magick?.Dispose();
                            }
                        }
                        catch (DocAssistException)
                        {
                            // The one accepted way to fail.
                        }
                    },
                    iter: FuzzBudget.Iterations(300),
                    time: FuzzBudget.Seconds,
                    threads: 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
