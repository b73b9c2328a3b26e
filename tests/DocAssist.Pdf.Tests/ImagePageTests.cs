using DocAssist.Core;
using DocAssist.Core.Pipeline;

namespace DocAssist.Pdf.Tests;

public sealed class ImagePageTests
{
    [Fact]
    public async Task DecodeAsync_MixedPdf_DecidesPerPage()
    {
        string[] expected = Decoding.GroundTruthPages("pdfs/gen_mixed.gt.txt");

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_mixed.pdf");

        Assert.Equal(3, pages.Count);
        Assert.Equal(expected[0], pages[0].Text);
        Assert.Null(pages[0].Image);
        Assert.Equal(expected[2], pages[2].Text);
        Assert.Null(pages[2].Image);

        PageContent scan = pages[1];
        Assert.Null(scan.Text);
        Assert.NotNull(scan.Image);
        Assert.True(Decoding.IsJpeg(scan.Image!.Data), "page 2 should be the embedded JPEG itself");
        Assert.Equal("embedded JPEG image", scan.Image.Origin);
        Assert.Equal(120, scan.Image.Dpi!.Value, 0.5);
        Assert.Empty(scan.Warnings);
    }

    [Fact]
    public async Task DecodeAsync_GeneratedScan_YieldsEmbeddedJpegAndPngWithTheirResolution()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_scanned.pdf");

        Assert.Equal(2, pages.Count);
        Assert.All(pages, p =>
        {
            Assert.Null(p.Text);
            Assert.NotNull(p.Image);
            Decoding.AssertDecodable(p.Image!);
        });

        Assert.True(Decoding.IsJpeg(pages[0].Image!.Data));
        Assert.Equal(120, pages[0].Image!.Dpi!.Value, 0.5);
        Assert.True(Decoding.IsPng(pages[1].Image!.Data));
        Assert.Equal(200, pages[1].Image!.Dpi!.Value, 0.5);
    }

    [Theory]
    [InlineData("pdfs/pdfjs_issue7200.pdf", 1)]
    [InlineData("pdfs/pdfpig_issue_1163.pdf", 2)]
    [InlineData("pdfs/ocrmypdf_kcs.pdf", 1)]
    public async Task DecodeAsync_RealScans_EveryPageYieldsADecodableImage(string file, int pageCount)
    {
        Decoding.RequirePdftoppm();

        List<PageContent> pages = await Decoding.DecodeAsync(file);

        Assert.Equal(pageCount, pages.Count);
        Assert.All(pages, p =>
        {
            Assert.Null(p.Text);
            Assert.NotNull(p.Image);
            Decoding.AssertDecodable(p.Image!);
        });
    }

    [Fact]
    public async Task DecodeAsync_CcittScan_IsHandedOnAsPngAtItsResolution()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ocrmypdf_kcs.pdf");

        PageImage image = Assert.Single(pages).Image!;
        Assert.True(Decoding.IsPng(image.Data));
        Assert.Equal("embedded image (CCITTFaxDecode)", image.Origin);
        Assert.InRange(image.Dpi!.Value, 299, 301);
    }

    [Fact]
    public async Task DecodeAsync_SmallImageAloneOnPage_UsesTheImageAtItsOwnResolution()
    {
        // Page 2 of issue_1163 is a 2014-pixel-wide image drawn 140 pt wide: rendering the page at 300 DPI
        // would shrink it 3.5 times.
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/pdfpig_issue_1163.pdf");

        PageImage image = pages[1].Image!;
        Assert.StartsWith("embedded", image.Origin, StringComparison.Ordinal);
        Assert.True(image.Dpi > 1000);
    }

    [Fact]
    public async Task DecodeAsync_ThinOcrLayerOverChart_IsReplacedByTheImageUnderIt()
    {
        // The chart's image is [/FlateDecode /DCTDecode]: the Flate layer is undone to get the JPEG.
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ocrmypdf_graph_ocred.pdf");

        PageContent page = Assert.Single(pages);
        Assert.Null(page.Text);
        Assert.NotNull(page.Image);
        Assert.True(Decoding.IsJpeg(page.Image!.Data));
        Assert.Contains(page.Warnings, w => w.Contains("OCR'd instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DecodeAsync_VectorOnlyPage_IsRasterizedByPdftoppm()
    {
        Decoding.RequirePdftoppm();

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ocrmypdf_vector.pdf");

        PageContent page = Assert.Single(pages);
        Assert.Null(page.Text);
        PageImage image = page.Image!;
        Assert.Equal("pdftoppm", image.Origin);
        Assert.Equal(300, image.Dpi);
        Assert.True(image.IsRawGray);
        Decoding.AssertDecodable(image);

        // A4 at 300 DPI.
        Assert.InRange(image.Width, 2478, 2482);
        Assert.InRange(image.Height, 3506, 3510);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public async Task DecodeAsync_CaptionOverScan_KeepsTheCaptionAndHandsOnTheScan()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_scan_with_caption.pdf");

        // A real but short text layer on a scan is kept (it was dropped for OCR before); the scan is OCR'd too.
        PageContent page = Assert.Single(pages);
        Assert.Equal("Scan 7", page.Text);
        Assert.Equal("embedded image (FlateDecode)", page.Image!.Origin);
        Assert.True(page.Image.NeedsWords);
        Assert.Contains(page.Words, w => w.Text == "Scan");
        Assert.Equal(new PageRect(0, 0, page.Width, page.Height), page.ImagePlacement);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public async Task DecodeAsync_PdftoppmMissing_WarnsOnThePageAndKeepsGoing()
    {
        var decoder = new PdfDocumentDecoder(new PdftoppmRasterizer("pdftoppm-that-does-not-exist"));

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/ocrmypdf_vector.pdf", decoder: decoder);

        PageContent page = Assert.Single(pages);
        Assert.Null(page.Text);
        Assert.Null(page.Image);
        string warning = Assert.Single(page.Warnings);
        Assert.Contains("install poppler-utils to rasterize it", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_EmbeddedImageOverPixelLimit_IsRefusedWithAWarning()
    {
        // The letter is 934 × 1170 pixels.
        var options = new ExtractOptions { MaxImagePixels = 500_000 };

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_scanned.pdf", options);

        Assert.Null(pages[0].Image);
        Assert.Contains(pages[0].Warnings, w => w.Contains("934×1170", StringComparison.Ordinal) && w.Contains("not decoded", StringComparison.Ordinal));

        // The 640 × 480 page is under the limit.
        Assert.NotNull(pages[1].Image);
    }

    [Fact]
    public async Task DecodeAsync_PageThatPdfPigCannotRead_YieldsThePageWithAWarning()
    {
        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/pdfpig_Hang.pdf");

        PageContent page = Assert.Single(pages);
        Assert.Equal(1, page.Number);
        Assert.Null(page.Text);
        Assert.Null(page.Image);
        Assert.Contains(page.Warnings, w => w.StartsWith("the page could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DecodeAsync_Jbig2Scan_IsRasterizedByPdftoppm()
    {
        Decoding.RequirePdftoppm();

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_jbig2.pdf");

        PageImage image = Assert.Single(pages).Image!;
        Assert.Equal("pdftoppm", image.Origin);
        Decoding.AssertDecodable(image);
        Assert.InRange(image.Width, 1912, 1916);
        Assert.InRange(image.Height, 928, 932);

        // The scan is mostly white paper with dark handwriting.
        double dark = image.Data.ToArray().Count(b => b < 128) / (double)image.Data.Length;
        Assert.InRange(dark, 0.005, 0.2);
    }

    [Fact]
    public async Task DecodeAsync_Jbig2ScanWithoutPdftoppm_WarnsNamingJbig2()
    {
        var decoder = new PdfDocumentDecoder(new PdftoppmRasterizer("pdftoppm-that-does-not-exist"));

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_jbig2.pdf", decoder: decoder);

        PageContent page = Assert.Single(pages);
        Assert.Null(page.Image);
        string warning = Assert.Single(page.Warnings);
        Assert.StartsWith("image could not be decoded (JBIG2); install poppler-utils to rasterize it", warning, StringComparison.Ordinal);
    }
}
