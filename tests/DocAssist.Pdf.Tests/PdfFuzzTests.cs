using CsCheck;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

/// <summary>
/// Fuzzes the PDF entry point with damaged versions of real PDFs: whatever the bytes, the decoder yields pages or throws a
/// DocAssistException, never anything else. CI runs a short burst; set DOCASSIST_FUZZ_SECONDS for a longer run by hand.
/// </summary>
public sealed class PdfFuzzTests
{
    private static readonly string[] SeedFiles = ["gen_born_digital.pdf", "gen_mixed.pdf", "ntsb_20080108X00031.pdf", "ocrmypdf_kcs.pdf", "gen_born_digital_rc4.pdf"];

    [Fact]
    public void Decode_DamagedPdfs_YieldPagesOrDocAssistException()
    {
        byte[][] seeds = [.. SeedFiles.Select(f => File.ReadAllBytes(TestData.Path("pdfs/" + f)))];
        string dir = Directory.CreateTempSubdirectory("docassist-fuzz-").FullName;
        var decoder = new PdfDocumentDecoder();
        try
        {
            Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, Mutator.Operations - 1], Gen.Int, Gen.Int[1, 32])
                .Sample(
                    (seed, op, salt, size) =>
                    {
                        string path = Path.Combine(dir, $"{Environment.CurrentManagedThreadId}.pdf");
                        File.WriteAllBytes(path, Mutator.Mutate(seeds[seed], op, salt, size));
                        DecodeAll(decoder, path);
                    },
                    iter: FuzzBudget.Iterations(200),
                    time: FuzzBudget.Seconds,
                    threads: 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void DecodeAll(PdfDocumentDecoder decoder, string path)
    {
        try
        {
            var pages = decoder.DecodeAsync(path, new ExtractOptions { MaxImagePixels = 20_000_000 }).ToBlockingEnumerable();
            foreach (PageContent page in pages)
            {
                Assert.True(page.Number > 0);
            }
        }
        catch (DocAssistException)
        {
            // The one accepted way to fail: a clear error naming the file.
        }
    }
}
