using DocAssist.Core.Model;
using DocAssist.Pdf.Searchable;
using DocAssist.Testing;
using ImageMagick;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using Page = DocAssist.Core.Model.Page;
using Word = DocAssist.Core.Model.Word;

namespace DocAssist.Pdf.Tests;

public sealed class SearchablePdfWriterTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("docassist-spdf-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Write_OcrPageWhoseWordsCannotBePlaced_KeepsThePageAsInTheOriginalWithAWarning()
    {
        string source = TestData.Path("pdfs/gen_scanned.pdf");
        string output = Path.Combine(_scratch, "out.pdf");
        Word[] words = [new("Sample", 90, new BoundingBox(72, 72, 160, 90)), new("text", 90, new BoundingBox(170, 72, 210, 90))];

        // Page 1 lost its size (nothing says where its words go); page 2 is whole.
        IReadOnlyDictionary<int, string> warnings = SearchablePdfWriter.Write(
            source,
            DocumentKind.Pdf,
            [OcrPage(1, words, 0, 0, PageUnit.Point), OcrPage(2, words, 230.4, 172.8, PageUnit.Point)],
            null,
            null,
            output);

        string warning = Assert.Single(warnings).Value;
        Assert.Equal(1, Assert.Single(warnings).Key);
        Assert.StartsWith(SearchablePdfWriter.WarningPrefix + "the page is kept as in the original, without a text layer", warning, StringComparison.Ordinal);
        using PdfDocument original = PdfDocument.Open(source);
        using PdfDocument pdf = PdfDocument.Open(output);
        Assert.Equal(2, pdf.NumberOfPages);
        Assert.Empty(pdf.GetPage(1).Letters);
        Assert.Equal(RawImages(original.GetPage(1)), RawImages(pdf.GetPage(1)));
        Assert.Equal("Sample text", ContentOrderTextExtractor.GetText(pdf.GetPage(2)).Trim());
        Assert.Equal(RawImages(original.GetPage(2)), RawImages(pdf.GetPage(2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Write_ImagePageTurnedByOcr_ShowsItUprightWithEachWordOverItsBox(int rotation)
    {
        // A 600 × 400 image at 72 DPI (a pixel is a point); OCR turned it clockwise by the rotation, and found two words there.
        string output = Path.Combine(_scratch, "turned.pdf");
        var raster = new PageRaster(600, 400, 1, 8, Enumerable.Repeat((byte)255, 600 * 400).ToArray());
        (int width, int height) = rotation is 90 or 270 ? (400, 600) : (600, 400);
        Word[] words = [new("alpha", 90, new BoundingBox(100, 50, 200, 80)), new("beta", 90, new BoundingBox(220, 50, 300, 80))];

        IReadOnlyDictionary<int, string> warnings = SearchablePdfWriter.Write(
            "turned.png",
            DocumentKind.Image,
            [OcrPage(1, words, width, height, PageUnit.Pixel) with { Rotation = rotation }],
            _ => new PageImageSource { StatedDpi = (72, 72), Decode = () => raster },
            null,
            output);

        Assert.Empty(warnings);
        using PdfDocument pdf = PdfDocument.Open(output);
        UglyToad.PdfPig.Content.Page page = pdf.GetPage(1);
        Assert.Equal((width, height), ((int)Math.Round(page.Width), (int)Math.Round(page.Height)));
        UglyToad.PdfPig.Content.Word[] read = [.. page.GetWords()];
        Assert.Equal(["alpha", "beta"], read.Select(w => w.Text.Trim()));

        // PdfPig reports the page as shown, origin bottom-left.
        Assert.InRange(read[0].BoundingBox.Left, 98, 102);
        Assert.InRange(read[1].BoundingBox.Left, 218, 222);
        Assert.InRange(height - read[0].BoundingBox.Bottom, 78, 82);
        Assert.InRange(height - read[0].BoundingBox.Top, 48, 52);
    }

    [Theory]
    [InlineData(MagickFormat.Png8, 1, "gray")]
    [InlineData(MagickFormat.Png24, 3, "colour")]
    public void Write_PngImage_CarriesItsCompressedPixelsAsTheyAre(MagickFormat format, int components, string kind)
    {
        using var image = new MagickImage(new MagickColor(kind == "gray" ? "#808080" : "#3366cc"), 64, 48);
        if (kind == "gray")
        {
            image.ColorType = ColorType.Grayscale;
            format = MagickFormat.Png;
        }

        byte[] png = image.ToByteArray(format);
        Assert.True(PngImage.TryRead(png, out PngImage? parsed), "a PNG the writer can carry as it is");
        string output = Path.Combine(_scratch, "png.pdf");

        SearchablePdfWriter.Write(
            "image.png", DocumentKind.Image, [OcrPage(1, [], 64, 48, PageUnit.Pixel)], _ => new PageImageSource { Encoded = png, Decode = () => throw new InvalidOperationException("not decoded") }, null, output);

        using PdfDocument pdf = PdfDocument.Open(output);
        IPdfImage embedded = Assert.Single(pdf.GetPage(1).GetImages());
        Assert.Equal(parsed!.Data, embedded.RawMemory.ToArray());
        Assert.Equal(components, embedded.ColorSpaceDetails!.NumberOfColorComponents);
        Assert.True(embedded.TryGetPng(out byte[]? decoded), "PdfPig decodes the carried pixels");
        using var back = new MagickImage(decoded!);
        Assert.Equal((64u, 48u), (back.Width, back.Height));

        // No resolution stated and no text: 300 DPI.
        Assert.Equal(64 * 72 / 300.0, pdf.GetPage(1).Width, 0.01);
    }

    [Theory]
    [InlineData(300.0, 0, 300.0)] // a scanner's own resolution
    [InlineData(72.0, 28, 269.0)] // a default 72 the text contradicts: 28 px words are 7.5 pt at 269 DPI
    [InlineData(96.0, 11, 96.0)] // a low resolution the text agrees with (it suggests 106)
    [InlineData(null, 21, 202.0)] // none stated: the text decides
    [InlineData(null, 0, 300.0)] // none stated, no text: assumed
    [InlineData(72.0, 0, 72.0)] // a low resolution and no text to contradict it
    public void PageResolution_Choose_FollowsTheDocumentedRule(double? stated, int wordHeight, double expected)
    {
        Word[] words = wordHeight == 0 ? [] : [.. Enumerable.Range(0, 30).Select(i => new Word("word" + i, 90, new BoundingBox(0, i * 40, 100, (i * 40) + wordHeight)))];

        (double x, double y, _) = PageResolution.Choose(stated is { } s ? (s, s) : null, words);

        Assert.Equal((expected, expected), (x, y));
    }

    private static Page OcrPage(int number, Word[] words, double width, double height, PageUnit unit) => new()
    {
        Number = number,
        Text = string.Join(' ', words.Select(w => w.Text)),
        Source = PageSource.Ocr,
        Words = words,
        Width = width,
        Height = height,
        Unit = unit,
    };

    private static string[] RawImages(UglyToad.PdfPig.Content.Page page) => [.. page.GetImages().Select(i => Convert.ToHexString(i.RawMemory.Span))];
}
