using System.Diagnostics;
using System.Globalization;
using System.Text;
using DocAssist.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace DocAssist.Cli.Tests;

/// <summary><c>extract --searchable-pdf</c>: the output looks like the original (its own image bytes and colours, a real page size), keeps every
/// page it can, and its invisible text reads back as the OCR text.</summary>
public sealed class SearchablePdfTests : IDisposable
{
    private const double PointsPerInch = 72;

    private readonly string _scratch = Directory.CreateTempSubdirectory("docassist-spdf-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task SearchablePdf_ColourJpeg_EmbedsTheOriginalJpegAtARealPageSize()
    {
        // A colour scan whose JPEG states no resolution (JFIF aspect ratio 1:1 only).
        string image = TestData.Path("images/tapus_FRAN_0150_0003_L-medium.jpg");
        string output = Path.Combine(_scratch, "tapus.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--lang", "fra", "--searchable-pdf", output, image);

        Assert.True(result.ExitCode == 0, result.ToString());
        using (PdfDocument pdf = PdfDocument.Open(output))
        {
            Page page = pdf.GetPage(1);
            IPdfImage embedded = Assert.Single(page.GetImages());

            // The very bytes of the file: no re-encoding, so the same colours and no generation loss.
            Assert.Equal(await File.ReadAllBytesAsync(image), embedded.RawMemory.ToArray());
            Assert.Equal(3, embedded.ColorSpaceDetails!.NumberOfColorComponents);

            // 1588 × 2000 pixels: at the resolution its text suggests, a sheet of paper, not a 23-inch poster at 70 dpi.
            Assert.InRange(page.Width / PointsPerInch, 5, 10);
            Assert.InRange(page.Height / PointsPerInch, 6.3, 12.6);
        }

        string readBack = await PdfToTextAsync(output);
        Assert.True(TextMetrics.CharacterErrorRate(result.Stdout, readBack) < 0.05, $"vs OCR: {readBack}");
    }

    [Fact]
    public async Task SearchablePdf_PngWithoutResolutionTurnedByOcr_KeepsItsOneBitPixelsOnAnUprightPaperPage()
    {
        // 480 × 640, 1-bit palette, no pHYs chunk; the text runs bottom to top, so OCR turns the page.
        string image = TestData.Path("images/tess_phototest-rotated-L.png");
        string output = Path.Combine(_scratch, "rotated.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--searchable-pdf", output, image);

        Assert.True(result.ExitCode == 0, result.ToString());
        using (PdfDocument pdf = PdfDocument.Open(output))
        {
            Page page = pdf.GetPage(1);
            IPdfImage embedded = Assert.Single(page.GetImages());
            Assert.Equal(1, embedded.BitsPerComponent);
            Assert.Equal((480, 640), (embedded.WidthInSamples, embedded.HeightInSamples));

            // Shown upright (landscape, as OCR read it), at a page size a scanner would give, never 70 dpi.
            Assert.True(page.Width > page.Height, $"{page.Width} × {page.Height}");
            Assert.InRange(page.Width / PointsPerInch, 1, 8.5);
        }

        string readBack = await PdfToTextAsync(output);
        Assert.True(TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/tess_phototest-rotated-L.gt.txt"), readBack) < 0.10, readBack);
        Assert.True(TextMetrics.CharacterErrorRate(result.Stdout, readBack) < 0.05, $"vs OCR: {readBack}");
    }

    [Fact]
    public async Task SearchablePdf_ScannedPdf_KeepsThePageAsItIsUnderTheText()
    {
        string input = TestData.Path("pdfs/gen_scanned.pdf");
        string output = Path.Combine(_scratch, "scanned.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--searchable-pdf", output, input);

        Assert.True(result.ExitCode == 0, result.ToString());
        using (PdfDocument original = PdfDocument.Open(input))
        using (PdfDocument pdf = PdfDocument.Open(output))
        {
            Assert.Equal(original.NumberOfPages, pdf.NumberOfPages);
            for (int n = 1; n <= original.NumberOfPages; n++)
            {
                Page before = original.GetPage(n), after = pdf.GetPage(n);
                Assert.Equal((before.Width, before.Height), (after.Width, after.Height));
                Assert.Equal(
                    before.GetImages().Select(i => Convert.ToHexString(i.RawMemory.Span)),
                    after.GetImages().Select(i => Convert.ToHexString(i.RawMemory.Span)));
            }
        }

        string[] ocrPages = result.Stdout.Split('\f');
        string[] readBack = (await PdfToTextAsync(output)).Split('\f');
        Assert.True(TextMetrics.CharacterErrorRate(ocrPages[0], readBack[0]) < 0.05, $"vs OCR: {readBack[0]}");
        Assert.True(TextMetrics.CharacterErrorRate(TestData.GroundTruth("pdfs/gen_scanned.gt.txt").Split("\n\f\n")[0], readBack[0]) < 0.12, readBack[0]);
    }

    [Fact]
    public async Task SearchablePdf_PdfWithAPageThatCannotBeRead_WritesTheOtherPagesAndWarns()
    {
        string input = Path.Combine(_scratch, "broken-middle.pdf");
        byte[] jpeg = await File.ReadAllBytesAsync(TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.jpg"));
        await File.WriteAllBytesAsync(input, ScanWithUnreadableMiddlePage(jpeg));
        string output = Path.Combine(_scratch, "out.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--searchable-pdf", output, input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("page 2: searchable PDF: the page could not be copied", result.Stderr, StringComparison.Ordinal);
        using (PdfDocument pdf = PdfDocument.Open(output))
        {
            Assert.Equal(3, pdf.NumberOfPages);
            foreach (int n in (int[])[1, 3])
            {
                IPdfImage embedded = Assert.Single(pdf.GetPage(n).GetImages());
                Assert.Equal(jpeg, embedded.RawMemory.ToArray());
            }
        }

        string[] readBack = (await PdfToTextAsync(output)).Split('\f');
        string truth = TestData.GroundTruth("images/ehri_EHRI-BF-19380509b_EN_01.gt.txt");
        Assert.True(TextMetrics.CharacterErrorRate(truth, readBack[0]) < 0.12, readBack[0]);
        Assert.True(TextMetrics.CharacterErrorRate(truth, readBack[2]) < 0.12, readBack[2]);
    }

    [Fact]
    public async Task SearchablePdf_TiffWithAFrameThatCannotBeDecoded_WritesTheOtherFramesAndWarns()
    {
        string input = Path.Combine(_scratch, "broken-frame.tif");
        await File.WriteAllBytesAsync(input, TiffWithSecondFrameUnreadable(await File.ReadAllBytesAsync(TestData.Path("images/multipage.tif"))));
        string output = Path.Combine(_scratch, "out.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--searchable-pdf", output, input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("page 2: searchable PDF: the image could not be embedded", result.Stderr, StringComparison.Ordinal);
        using (PdfDocument pdf = PdfDocument.Open(output))
        {
            Assert.Equal(2, pdf.NumberOfPages);
            IPdfImage first = Assert.Single(pdf.GetPage(1).GetImages());
            Assert.Equal(1, first.BitsPerComponent);
        }

        string readBack = (await PdfToTextAsync(output)).Split('\f')[0];
        Assert.True(TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/tess_phototest.gt.txt"), readBack) < 0.10, readBack);
    }

    private static async Task<string> PdfToTextAsync(string pdf)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (string arg in (string[])["-raw", "-enc", "UTF-8", pdf, "-"])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("pdftotext is missing: install the Debian package poppler-utils (.ci/install-deps.sh does).", ex);
        }

        using (process)
        {
            string text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftotext {pdf}: exit {process.ExitCode}");
            return text;
        }
    }

    // Three pages: a scanned letter (one JPEG drawn over the page), a page whose MediaBox is malformed (PdfPig cannot read it), the letter again.
    private static byte[] ScanWithUnreadableMiddlePage(byte[] jpeg)
    {
        var info = new ImageMagick.MagickImageInfo(jpeg);
        string w = (info.Width * 72.0 / 120).ToString("0.##", CultureInfo.InvariantCulture), h = (info.Height * 72.0 / 120).ToString("0.##", CultureInfo.InvariantCulture);
        byte[] content = Encoding.ASCII.GetBytes($"q {w} 0 0 {h} 0 0 cm /Im1 Do Q");
        var objects = new List<byte[]>
        {
            Encoding.ASCII.GetBytes("<< /Type /Catalog /Pages 2 0 R >>"),
            Encoding.ASCII.GetBytes("<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>"),
            Encoding.ASCII.GetBytes($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /XObject << /Im1 6 0 R >> >> /Contents 7 0 R >>"),
            Encoding.ASCII.GetBytes("<< /Type /Page /Parent 2 0 R /MediaBox [ 0 8$612 792] /Contents 8 0 R >>"),
            Encoding.ASCII.GetBytes($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /XObject << /Im1 6 0 R >> >> /Contents 7 0 R >>"),
            Stream($"<< /Type /XObject /Subtype /Image /Width {info.Width} /Height {info.Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {jpeg.Length} >>", jpeg),
            Stream($"<< /Length {content.Length} >>", content),
            Stream("<< /Length 0 >>", []),
        };

        using var pdf = new MemoryStream();
        pdf.Write("%PDF-1.4\n"u8);
        var offsets = new List<long>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }

        long xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (long offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return pdf.ToArray();

        static byte[] Stream(string dictionary, byte[] data) =>
            [.. Encoding.ASCII.GetBytes(dictionary + "\nstream\n"), .. data, .. "\nendstream"u8];
    }

    // The second frame's strip points past the end of the file: the frame is counted, but its pixels cannot be read.
    private static byte[] TiffWithSecondFrameUnreadable(byte[] tiff)
    {
        Assert.True(tiff[0] == 'I' && tiff[1] == 'I', "a little-endian TIFF");
        byte[] patched = [.. tiff];
        int ifd = BitConverter.ToInt32(patched, 4);
        int entries = BitConverter.ToUInt16(patched, ifd);
        ifd = BitConverter.ToInt32(patched, ifd + 2 + (12 * entries));
        entries = BitConverter.ToUInt16(patched, ifd);
        for (int i = 0; i < entries; i++)
        {
            int entry = ifd + 2 + (12 * i);
            if (BitConverter.ToUInt16(patched, entry) == 273)
            {
                BitConverter.TryWriteBytes(patched.AsSpan(entry + 8, 4), patched.Length + 1000);
                return patched;
            }
        }

        throw new InvalidOperationException("The second frame has no StripOffsets tag.");
    }
}
