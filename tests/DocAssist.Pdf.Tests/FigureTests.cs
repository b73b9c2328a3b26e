using System.Diagnostics;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

/// <summary>Figures: the images embedded in a page beside its text, checked against poppler (where <c>pdftoppm</c> paints them, the bytes
/// <c>pdfimages</c> extracts), in a plain page and in a turned, cropped one.</summary>
public sealed class FigureTests
{
    private static readonly ExtractOptions Figures = new() { IncludeFigures = true, IncludeWords = true };

    [Fact]
    public async Task DecodeAsync_LogoBesideText_IsAFigureWherePopplerPaintsIt_WithTheEmbeddedJpeg()
    {
        Decoding.RequirePdftoppm();

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ntsb_20080108X00031.pdf", Figures);

        // The seal is drawn by `1 0 0 1 73.5 57 cm` and `70.8 0 0 -72 0 72 cm` in a top-left frame: x 73.5–144.3, y 57–129.
        PageContent page = pages[0];
        Assert.NotNull(page.Text);
        Figure figure = Assert.Single(page.Figures);
        Assert.Equal(new BoundingBox(73, 57, 145, 129), figure.Box);
        AssertInkFills("pdfs/ntsb_20080108X00031.pdf", 1, figure.Box);

        // `pdfimages -list`: 216 × 220 JPEG; the figure is the very file embedded (`pdfimages -j`).
        Assert.Equal((216, 220), (figure.PixelWidth, figure.PixelHeight));
        Assert.Equal("image/jpeg", figure.MediaType);
        Assert.Equal(PdfImagesJpeg("pdfs/ntsb_20080108X00031.pdf", 1), figure.Data.ToArray());
        Assert.Equal((216, 220), JpegSize(figure.Data.Span));

        Assert.All(pages.Skip(1), p => Assert.Empty(p.Figures));
    }

    [Fact]
    public async Task DecodeAsync_TurnedCroppedPage_FigureAndWordsAreInTheViewersFrame()
    {
        Decoding.RequirePdftoppm();

        // The same page with /Rotate 90 and the crop box [40 20 580 770]: the seal, x 73.5–144.3 and y 663–735 in PDF space, is 33.5–104.3
        // and 643–715 from the crop box's corner; turned a quarter clockwise, it sits at x 643–715, y 33.5–104.3 in a 750 × 540 frame.
        PageContent page = Assert.Single(await Decoding.DecodeAsync("pdfs/ntsb_p1_turned.pdf", Figures));

        Assert.Equal((750, 540), ((int)Math.Round(page.Width), (int)Math.Round(page.Height)));
        Figure figure = Assert.Single(page.Figures);
        Assert.Equal(new BoundingBox(643, 33, 715, 105), figure.Box);
        AssertInkFills("pdfs/ntsb_p1_turned.pdf", 1, figure.Box);

        // Letters are in the same frame: the title's words are where poppler paints them, beside the seal as on the page.
        Word national = page.Words.First(w => w.Text == "National");
        AssertInkWithin("pdfs/ntsb_p1_turned.pdf", 1, national.Box);
        Assert.True(national.Box.Right <= figure.Box.Left || national.Box.Left >= figure.Box.Right || national.Box.Top >= figure.Box.Bottom,
            $"the title {national.Box} overlaps the seal {figure.Box}");
    }

    [Theory]
    [InlineData("pdfs/gen_scanned.pdf")]
    [InlineData("pdfs/gen_scanned_turned.pdf")]
    [InlineData("pdfs/gen_mixed.pdf")]
    [InlineData("pdfs/gen_scan_with_caption.pdf")]
    [InlineData("pdfs/ocrmypdf_kcs.pdf")]
    public async Task DecodeAsync_PageScan_IsNotAFigure(string file)
    {
        List<PageContent> pages = await Decoding.DecodeAsync(file, Figures);

        // Each of these pages is read by OCR from an image covering it (gen_mixed's pages 1 and 3 are text): that image is the page's text.
        Assert.Contains(pages, p => p.Image is not null);
        Assert.All(pages, p => Assert.Empty(p.Figures));
    }

    [Fact]
    public async Task DecodeAsync_FiguresNotAsked_NoneAreRead()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ntsb_20080108X00031.pdf", new ExtractOptions());

        Assert.All(pages, p => Assert.Empty(p.Figures));
    }

    [Fact]
    public async Task DecodeAsync_LogoBesideShortTextLayer_IsAPngFigure()
    {
        // A Flate image with an ICC colour space (1608 × 546 per `pdfimages -list`) beside one line of text and a footer.
        PageContent page = Assert.Single(await Decoding.DecodeAsync("pdfs/pdfjs_issue6931_reduced.pdf", Figures));

        Figure figure = Assert.Single(page.Figures);
        Assert.Equal("image/png", figure.MediaType);
        Assert.True(Decoding.IsPng(figure.Data));
        Assert.Equal((1608, 546), (figure.PixelWidth, figure.PixelHeight));
        Assert.Equal((1608, 546), PngSize(figure.Data.Span));
        Assert.InRange(figure.Box.Left, 0, page.Width);
        Assert.InRange(figure.Box.Right, figure.Box.Left + 1, page.Width);
    }

    // The page rendered by pdftoppm at 144 DPI (2 pixels a point): the box of its dark pixels around `box` must be `box`, give or take a point.
    private static void AssertInkFills(string relative, int page, BoundingBox box)
    {
        BoundingBox ink = InkBox(relative, page, new BoundingBox(box.Left - 10, box.Top - 10, box.Right + 10, box.Bottom + 10));
        Assert.True(
            Math.Abs(ink.Left - box.Left) <= 1 && Math.Abs(ink.Top - box.Top) <= 1 && Math.Abs(ink.Right - box.Right) <= 1 && Math.Abs(ink.Bottom - box.Bottom) <= 1,
            $"poppler paints the image at {ink}, the figure says {box}");
    }

    private static void AssertInkWithin(string relative, int page, BoundingBox box)
    {
        BoundingBox ink = InkBox(relative, page, box);
        Assert.True(ink.Right - ink.Left >= (box.Right - box.Left) / 2 && ink.Bottom - ink.Top >= 2, $"poppler paints little inside {box}: {ink}");
    }

    private static BoundingBox InkBox(string relative, int page, BoundingBox region)
    {
        const int Scale = 2;
        RasterResult raster = new PdftoppmRasterizer().RenderAsync(TestData.Path(relative), page, 72 * Scale, password: null).GetAwaiter().GetResult();
        PageImage image = raster.Image ?? throw new InvalidOperationException(raster.Problem);
        ReadOnlySpan<byte> pixels = image.Data.Span;
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        for (int y = Math.Max(0, region.Top * Scale); y < Math.Min(image.Height, region.Bottom * Scale); y++)
        {
            for (int x = Math.Max(0, region.Left * Scale); x < Math.Min(image.Width, region.Right * Scale); x++)
            {
                if (pixels[(y * image.Width) + x] < 200)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x + 1), Math.Max(bottom, y + 1));
                }
            }
        }

        Assert.True(left != int.MaxValue, $"poppler paints nothing in {region}");
        return new BoundingBox(left / Scale, top / Scale, (right + Scale - 1) / Scale, (bottom + Scale - 1) / Scale);
    }

    // The page's first image as `pdfimages -j` writes it: a DCT image's stream, unchanged.
    private static byte[] PdfImagesJpeg(string relative, int page)
    {
        string folder = Directory.CreateTempSubdirectory("docassist-pdfimages-").FullName;
        try
        {
            using Process process = Process.Start(new ProcessStartInfo("pdfimages")
            {
                ArgumentList = { "-j", "-f", $"{page}", "-l", $"{page}", TestData.Path(relative), Path.Combine(folder, "img") },
                RedirectStandardError = true,
            })!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return File.ReadAllBytes(Path.Combine(folder, "img-000.jpg"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Width and height from a JPEG's start-of-frame segment.
    private static (int Width, int Height) JpegSize(ReadOnlySpan<byte> jpeg)
    {
        int at = 2;
        while (at + 9 < jpeg.Length)
        {
            byte marker = jpeg[at + 1];
            int length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                return ((jpeg[at + 7] << 8) | jpeg[at + 8], (jpeg[at + 5] << 8) | jpeg[at + 6]);
            }

            at += 2 + length;
        }

        throw new InvalidDataException("no JPEG start-of-frame segment");
    }

    // Width and height from a PNG's IHDR chunk.
    private static (int Width, int Height) PngSize(ReadOnlySpan<byte> png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[16..]), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[20..]));
}
