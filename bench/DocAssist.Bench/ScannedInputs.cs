using System.Globalization;
using DocAssist.Ocr.Imaging;
using ImageMagick;

namespace DocAssist.Bench;

/// <summary>Builds the scanned inputs every tool reads: page images ready for img2pdf and ocrmypdf, and image-only PDFs made from them.</summary>
internal static class ScannedInputs
{
    private static readonly Lock Gate = new();

    /// <summary>Returns the image as it is, or (for an image with an alpha channel, which img2pdf refuses) a flattened PNG copy; and its stated DPI.</summary>
    public static (string Path, double? Dpi) PrepareImage(BenchContext ctx, string image)
    {
        // A full read: a ping does not always tell an alpha channel (the colour phototest TIFF has one).
        using var decoded = new MagickImage(image);
        double? dpi = PageImageLoader.StatedDpi(decoded);
        if (!decoded.HasAlpha)
        {
            return (image, dpi);
        }

        string copy = Path.Combine(ctx.Scratch("prepared"), Path.GetFileNameWithoutExtension(image) + ".png");
        lock (Gate)
        {
            if (!File.Exists(copy))
            {
                decoded.BackgroundColor = MagickColors.White;
                decoded.ColorAlpha(MagickColors.White);
                decoded.Write(copy, MagickFormat.Png);
            }
        }

        return (copy, dpi);
    }

    /// <summary>
    /// The resolution docassist reads a page image at (<see cref="UpscaleStep.EffectiveDpi"/>, docs/ocr-preprocessing.md): the stated
    /// one when it is credible, otherwise the larger of the stated one and the page-size estimate.
    /// ocrmypdf refuses images without a credible resolution; it is given this one, so both tools know the same.
    /// </summary>
    public static int EffectiveDpi(string image)
    {
        using var header = new MagickImage();
        header.Ping(image);
        return (int)Math.Round(UpscaleStep.EffectiveDpi(PageImageLoader.StatedDpi(header), (int)header.Width, (int)header.Height));
    }

    /// <summary>Writes an image-only PDF with one page per image (in order, repeats allowed) with img2pdf.</summary>
    public static async Task<string> BuildPdfAsync(BenchContext ctx, IReadOnlyList<string> images, string output)
    {
        if (File.Exists(output))
        {
            return output;
        }

        var prepared = images.Distinct().ToDictionary(i => i, i => PrepareImage(ctx, i).Path);
        await ProcessMeter.RunAsync("img2pdf", [.. images.Select(i => prepared[i]), "-o", output]);
        return output;
    }

    /// <summary>Page count of a PDF, from pdfinfo.</summary>
    public static async Task<int> PageCountAsync(string pdf)
    {
        ProcessOutput o = await ProcessMeter.RunAsync("pdfinfo", [pdf]);
        string line = o.Stdout.Split('\n').First(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The text layer of a PDF, page by page, from pdftotext in content-stream order (<c>-raw</c>).</summary>
    /// <remarks>
    /// The default layout mode re-orders the words of an invisible OCR layer by position and scatters lines of typewritten pages
    /// (text-layer CER of 50–58 % for both tools in a first run); <c>-raw</c> keeps the order the OCR engine wrote them in.
    /// </remarks>
    public static async Task<string[]> TextLayerAsync(string pdf)
    {
        ProcessOutput o = await ProcessMeter.RunAsync("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"]);
        string[] pages = o.Stdout.Split('\f');
        return pages.Length > 0 && pages[^1].Trim().Length == 0 ? pages[..^1] : pages;
    }
}
