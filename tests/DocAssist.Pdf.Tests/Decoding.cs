using System.Diagnostics;
using DocAssist.Core;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

/// <summary>Runs the decoder to the end and checks what tests need from the machine.</summary>
internal static class Decoding
{
    private static readonly Lazy<bool> PdftoppmPresent = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftoppm", "-v") { RedirectStandardError = true, RedirectStandardOutput = true });
            process!.WaitForExit();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static async Task<List<PageContent>> DecodeAsync(
        string relative, ExtractOptions? options = null, PdfDocumentDecoder? decoder = null, CancellationToken cancellationToken = default)
    {
        decoder ??= new PdfDocumentDecoder();
        var pages = new List<PageContent>();
        await foreach (PageContent page in decoder.DecodeAsync(TestData.Path(relative), options ?? new ExtractOptions(), cancellationToken))
        {
            pages.Add(page);
        }

        return pages;
    }

    public static string[] GroundTruthPages(string relative) =>
        TestData.GroundTruth(relative).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split("\n\f\n");

    public static void RequirePdftoppm() =>
        Assert.True(PdftoppmPresent.Value, "pdftoppm is not on PATH: install poppler-utils (apt-get install poppler-utils) to run this test.");

    public static bool IsJpeg(ReadOnlyMemory<byte> data) => data.Span is [0xFF, 0xD8, 0xFF, ..];

    public static bool IsPng(ReadOnlyMemory<byte> data) => data.Span is [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..];

    /// <summary>Asserts the image is something the OCR side can decode: a JPEG or PNG file, or consistent raw gray.</summary>
    public static void AssertDecodable(PageImage image)
    {
        if (image.IsRawGray)
        {
            Assert.True(image.Width > 0 && image.Height > 0, "raw gray image without a size");
            Assert.Equal((long)image.Width * image.Height, image.Data.Length);
        }
        else
        {
            Assert.True(IsJpeg(image.Data) || IsPng(image.Data), $"{image.Origin}: neither JPEG nor PNG bytes");
        }

        Assert.NotNull(image.Dpi);
        Assert.InRange(image.Dpi!.Value, 50, 3000);
    }
}
