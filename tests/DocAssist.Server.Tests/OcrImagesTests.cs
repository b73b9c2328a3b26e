using System.Net;
using System.Text;
using System.Text.Json;
using DocAssist.Core;
using DocAssist.Testing;
using ImageMagick;

namespace DocAssist.Server.Tests;

/// <summary><c>POST /v1/ocr</c>'s <c>images</c>: the figures the worker processes read with the pages (real PdfPig on real PDFs), their boxes in
/// the page's points, <c>include_image_base64</c>, <c>image_limit</c> and <c>image_min_size</c>; a page's scan is not an image.</summary>
public sealed class OcrImagesTests : IAsyncLifetime
{
    private OcrApiServer _ocr = null!;

    public async Task InitializeAsync() => _ocr = await OcrApiServer.StartAsync("ocrimages", new ExtractOptions { Jobs = 2 });

    public Task DisposeAsync() => _ocr.DisposeAsync().AsTask();

    [Fact]
    public async Task LogoBesideText_IsListedWhereThePdfDrawsIt_AsADataUrlOfItsOwnPixels_AndTheLimitsApply()
    {
        string pdf = OcrApiServer.DataUrl("application/pdf", File.ReadAllBytes(TestData.Path("pdfs/ntsb_20080108X00031.pdf")));

        JsonElement response = await OcrAsync(new { model = "mistral-ocr-latest", document = new { type = "document_url", document_url = pdf }, include_image_base64 = true });

        JsonElement[] pages = [.. response.GetProperty("pages").EnumerateArray()];
        Assert.Equal(3, pages.Length);
        Assert.Equal(72, pages[0].GetProperty("dimensions").GetProperty("dpi").GetInt32());
        JsonElement image = Assert.Single(pages[0].GetProperty("images").EnumerateArray());
        Assert.Equal("img-0.jpeg", image.GetProperty("id").GetString());
        // The seal is drawn at x 73.5–144.3, y 57–129 points from the top-left corner (the page's content stream; pdftoppm paints it there).
        Assert.Equal([73, 57, 145, 129], Box(image));
        string url = image.GetProperty("image_base64").GetString()!;
        Assert.StartsWith("data:image/jpeg;base64,", url, StringComparison.Ordinal);
        using (var decoded = new MagickImage(Convert.FromBase64String(url["data:image/jpeg;base64,".Length..])))
        {
            // `pdfimages -list`: a 216 × 220 JPEG.
            Assert.Equal((216u, 220u), (decoded.Width, decoded.Height));
            Assert.Equal(MagickFormat.Jpeg, decoded.Format);
        }

        Assert.All(pages.Skip(1), p => Assert.Empty(p.GetProperty("images").EnumerateArray()));
        string markdown = pages[0].GetProperty("markdown").GetString()!;
        Assert.Contains("National Transportation Safety Board", markdown, StringComparison.Ordinal);
        // Referenced in the Markdown as Mistral's is, once, among the page's first blocks (the seal is at the top of the page).
        int reference = markdown.IndexOf("![img-0.jpeg](img-0.jpeg)", StringComparison.Ordinal);
        Assert.InRange(reference, 0, markdown.Length / 4);
        Assert.Equal(reference, markdown.LastIndexOf("![img-0.jpeg](img-0.jpeg)", StringComparison.Ordinal));

        // Without include_image_base64 the image is listed, without its data.
        JsonElement plain = await OcrAsync(new { model = "m", document = new { document_url = pdf }, pages = new[] { 0 } });
        JsonElement listed = Assert.Single(Assert.Single(plain.GetProperty("pages").EnumerateArray()).GetProperty("images").EnumerateArray());
        Assert.Equal([73, 57, 145, 129], Box(listed));
        Assert.True(!listed.TryGetProperty("image_base64", out JsonElement data) || data.ValueKind == JsonValueKind.Null);

        // image_min_size is in the image's own pixels: 216 wide passes 216, not 217. image_limit 0 lists none.
        Assert.Single(await ImagesAsync(new { model = "m", document = new { document_url = pdf }, pages = new[] { 0 }, image_min_size = 216 }));
        Assert.Empty(await ImagesAsync(new { model = "m", document = new { document_url = pdf }, pages = new[] { 0 }, image_min_size = 217 }));
        Assert.Empty(await ImagesAsync(new { model = "m", document = new { document_url = pdf }, pages = new[] { 0 }, image_limit = 0 }));
    }

    [Fact]
    public async Task ImagesOnSeveralPages_NumberedAcrossTheDocumentByType_ImageLimitCountsThemAll()
    {
        // Two pages, each an image well short of the page: a JPEG (289 × 453) on page 1, a Flate image (2014 × 646) on page 2, handed on as PNG.
        string pdf = OcrApiServer.DataUrl("application/pdf", File.ReadAllBytes(TestData.Path("pdfs/pdfpig_issue_1163.pdf")));

        JsonElement[] pages = [.. (await OcrAsync(new { model = "m", document = new { document_url = pdf }, include_image_base64 = true })).GetProperty("pages").EnumerateArray()];

        JsonElement first = Assert.Single(pages[0].GetProperty("images").EnumerateArray());
        JsonElement second = Assert.Single(pages[1].GetProperty("images").EnumerateArray());
        Assert.Equal(("img-0.jpeg", "img-1.png"), (first.GetProperty("id").GetString(), second.GetProperty("id").GetString()));
        Assert.Equal((289u, 453u), PixelSize(first));
        Assert.Equal((2014u, 646u), PixelSize(second));
        Assert.All(pages, p => Assert.All(p.GetProperty("images").EnumerateArray(), i =>
        {
            int[] box = Box(i);
            JsonElement size = p.GetProperty("dimensions");
            Assert.True(box[0] >= 0 && box[1] >= 0 && box[0] < box[2] && box[1] < box[3] && box[2] <= size.GetProperty("width").GetInt32() && box[3] <= size.GetProperty("height").GetInt32(), $"{string.Join(",", box)} is off the page");
        }));

        JsonElement[] limited = [.. (await OcrAsync(new { model = "m", document = new { document_url = pdf }, image_limit = 1 })).GetProperty("pages").EnumerateArray()];
        Assert.Equal("img-0.jpeg", Assert.Single(limited[0].GetProperty("images").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(limited[1].GetProperty("images").EnumerateArray());
    }

    [Fact]
    public async Task ScanAndImageInputs_HaveNoImages_ThePageScanIsTheText()
    {
        // Both pages of gen_scanned.pdf are one image covering the page, read by OCR.
        JsonElement scanned = await OcrAsync(new
        {
            model = "m",
            document = new { document_url = OcrApiServer.DataUrl("application/pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf"))) },
            include_image_base64 = true,
        });
        JsonElement[] pages = [.. scanned.GetProperty("pages").EnumerateArray()];
        Assert.Equal(2, pages.Length);
        Assert.All(pages, p => Assert.Empty(p.GetProperty("images").EnumerateArray()));
        Assert.All(pages, p => Assert.True(p.GetProperty("markdown").GetString()!.Length > 100, "the scan's text is the page's"));

        JsonElement image = await OcrAsync(new
        {
            model = "m",
            document = new { type = "image_url", image_url = OcrApiServer.DataUrl("image/png", File.ReadAllBytes(TestData.Path("images/tess_phototest-rotated-R.png"))) },
            include_image_base64 = true,
        });
        Assert.Empty(Assert.Single(image.GetProperty("pages").EnumerateArray()).GetProperty("images").EnumerateArray());
    }

    private static int[] Box(JsonElement image) =>
        [image.GetProperty("top_left_x").GetInt32(), image.GetProperty("top_left_y").GetInt32(), image.GetProperty("bottom_right_x").GetInt32(), image.GetProperty("bottom_right_y").GetInt32()];

    private static (uint Width, uint Height) PixelSize(JsonElement image)
    {
        string url = image.GetProperty("image_base64").GetString()!;
        using var decoded = new MagickImage(Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        return (decoded.Width, decoded.Height);
    }

    private async Task<JsonElement[]> ImagesAsync(object request) =>
        [.. (await OcrAsync(request)).GetProperty("pages").EnumerateArray().SelectMany(p => p.GetProperty("images").EnumerateArray())];

    private Task<JsonElement> OcrAsync(object request) => _ocr.OcrAsync(request);
}
