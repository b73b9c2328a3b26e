using ImageMagick;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace DocAssist.Testing;

/// <summary>PDFs made on the spot, as long as a test needs them.</summary>
public static class TestPdfs
{
    /// <summary>A scanned letter, page after page (JPEG at 120 dpi, as in <c>gen_scanned.pdf</c>): every page needs OCR, a few seconds each.</summary>
    public static byte[] ScannedLetter(int pages)
    {
        byte[] jpeg = File.ReadAllBytes(TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.jpg"));
        var info = new MagickImageInfo(jpeg);
        double width = info.Width * 72.0 / 120, height = info.Height * 72.0 / 120;
        using var builder = new PdfDocumentBuilder();
        for (int i = 0; i < pages; i++)
        {
            builder.AddPage(width, height).AddJpeg(jpeg, new PdfRectangle(0, 0, width, height));
        }

        return builder.Build();
    }
}
