// Generates the synthetic test PDFs in testdata/pdfs with known ground truth.
// Run through generate-test-pdfs.sh, which also makes the encrypted copies with qpdf.
// Usage: dotnet run GenerateTestPdfs.cs -- <output folder> <folder of the OCR dev-set images> <ocrmypdf_kcs.pdf>
#:package PdfPig
#:package Magick.NET-Q8-x64
#:property PublishAot=false

using System.Text;
using ImageMagick;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

const double A4Width = 595;
const double A4Height = 842;
const double Margin = 72;

string output = args[0];
string images = args[1];
Directory.CreateDirectory(output);

string[][] bornDigital =
[
    [
        "Quarterly Report of the Harbour Library",
        "The reading room opened on the first Monday of the quarter.",
        "Visitors borrowed 1,284 books and returned 1,197 of them.",
        "Most loans were novels, atlases and local history.",
        "The new catalogue lists every title by author and shelf.",
    ],
    [
        "Repairs and Equipment",
        "Two windows on the north side were replaced in March.",
        "A second scanner now digitises fragile maps at 600 dpi.",
        "The heating failed twice; a technician fixed the valve.",
        "Budget spent: 42% of the yearly allowance, as planned.",
    ],
    [
        "Plans for the Next Quarter",
        "Extend opening hours to Saturday afternoons.",
        "Lend e-readers to members who ask for them.",
        "Invoice reference: HL-2024-0917 (due 30 June).",
        "Contact: desk@harbour-library.example",
    ],
];

string[] mixedText1 =
[
    "Cover Note",
    "This file mixes born-digital pages with a scanned letter.",
    "Page two is a photograph of a typewritten page.",
];

string[] mixedText3 =
[
    "Closing Remarks",
    "The scanned page above needs optical character recognition.",
    "This last page again carries a real text layer.",
];

WriteBornDigital(Path.Combine(output, "gen_born_digital.pdf"), bornDigital);
File.WriteAllText(Path.Combine(output, "gen_born_digital.gt.txt"), JoinPages(bornDigital.Select(Lines)));

string letter1 = Path.Combine(images, "ehri_EHRI-BF-19380509b_EN_01.jpg");
string letter2 = Path.Combine(images, "ehri_EHRI-BF-19380509b_EN_02.jpg");
string phototest = Path.Combine(images, "tess_phototest.tif");
byte[] phototestPng = ToPng(phototest);

using (var builder = new PdfDocumentBuilder())
{
    AddScan(builder, File.ReadAllBytes(letter1), isJpeg: true, dpi: 120);
    AddScan(builder, phototestPng, isJpeg: false, dpi: 200);
    File.WriteAllBytes(Path.Combine(output, "gen_scanned.pdf"), builder.Build());
}

File.WriteAllText(Path.Combine(output, "gen_scanned.gt.txt"), JoinPages([ReadGroundTruth(letter1), ReadGroundTruth(phototest)]));

using (var builder = new PdfDocumentBuilder())
{
    PdfDocumentBuilder.AddedFont helvetica = builder.AddStandard14Font(Standard14Font.Helvetica);
    PdfDocumentBuilder.AddedFont bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
    WriteTextPage(builder, mixedText1, bold, helvetica);
    AddScan(builder, File.ReadAllBytes(letter2), isJpeg: true, dpi: 120);
    WriteTextPage(builder, mixedText3, bold, helvetica);
    File.WriteAllBytes(Path.Combine(output, "gen_mixed.pdf"), builder.Build());
}

File.WriteAllText(Path.Combine(output, "gen_mixed.gt.txt"), JoinPages([Lines(mixedText1), ReadGroundTruth(letter2), Lines(mixedText3)]));

// A scan with a short visible caption: the text layer is too thin for the page, and the caption is drawn over
// the image, so the page must be rendered rather than its image taken alone.
using (var builder = new PdfDocumentBuilder())
{
    PdfDocumentBuilder.AddedFont helvetica = builder.AddStandard14Font(Standard14Font.Helvetica);
    PdfPageBuilder page = AddScan(builder, phototestPng, isJpeg: false, dpi: 200);
    page.AddText("Scan 7", 8, new PdfPoint(4, 4), helvetica);
    File.WriteAllBytes(Path.Combine(output, "gen_scan_with_caption.pdf"), builder.Build());
}

File.WriteAllText(Path.Combine(output, "gen_scan_with_caption.gt.txt"), ReadGroundTruth(phototest) + "\nScan 7\n");

// A scan stored as JBIG2, which PdfPig cannot decode: the G4 (MMR) data of the CCITT scan in OCRmyPDF's
// kcs.pdf rewrapped as a JBIG2 generic region. No JBIG2 encoder is needed, and poppler renders it.
WriteJbig2Pdf(Path.Combine(output, "gen_jbig2.pdf"), args[2]);
File.WriteAllText(Path.Combine(output, "gen_jbig2.gt.txt"), "Kodak Capture\nDesktop Test\n");

static void WriteBornDigital(string path, string[][] pages)
{
    using var builder = new PdfDocumentBuilder();
    PdfDocumentBuilder.AddedFont helvetica = builder.AddStandard14Font(Standard14Font.Helvetica);
    PdfDocumentBuilder.AddedFont bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
    PdfDocumentBuilder.AddedFont times = builder.AddStandard14Font(Standard14Font.TimesRoman);
    for (int i = 0; i < pages.Length; i++)
    {
        WriteTextPage(builder, pages[i], bold, i == 2 ? times : helvetica);
    }

    File.WriteAllBytes(path, builder.Build());
}

static void WriteTextPage(PdfDocumentBuilder builder, string[] lines, PdfDocumentBuilder.AddedFont titleFont, PdfDocumentBuilder.AddedFont bodyFont)
{
    PdfPageBuilder page = builder.AddPage(A4Width, A4Height);
    double y = A4Height - Margin;
    page.AddText(lines[0], 16, new PdfPoint(Margin, y), titleFont);
    y -= 32;
    foreach (string line in lines.Skip(1))
    {
        page.AddText(line, 11, new PdfPoint(Margin, y), bodyFont);
        y -= 16;
    }
}

static PdfPageBuilder AddScan(PdfDocumentBuilder builder, byte[] image, bool isJpeg, double dpi)
{
    var info = new MagickImageInfo(image);
    double width = info.Width * 72.0 / dpi;
    double height = info.Height * 72.0 / dpi;
    PdfPageBuilder page = builder.AddPage(width, height);
    var box = new PdfRectangle(0, 0, width, height);
    if (isJpeg)
    {
        page.AddJpeg(image, box);
    }
    else
    {
        page.AddPng(image, box);
    }

    return page;
}

static void WriteJbig2Pdf(string path, string ccittSource)
{
    using var source = UglyToad.PdfPig.PdfDocument.Open(ccittSource);
    UglyToad.PdfPig.Content.IPdfImage scan = source.GetPage(1).GetImages().Single();
    int width = scan.WidthInSamples;
    int height = scan.HeightInSamples;
    byte[] jbig2 = Jbig2FromMmr(scan.RawMemory.ToArray(), width, height);

    const double dpi = 300;
    string w = (width * 72 / dpi).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
    string h = (height * 72 / dpi).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
    byte[] content = Encoding.ASCII.GetBytes($"q {w} 0 0 {h} 0 0 cm /Im0 Do Q\n");

    var pdf = new MemoryStream();
    var offsets = new List<long>();
    void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
    void Object(string body, byte[]? stream = null)
    {
        offsets.Add(pdf.Position);
        Write($"{offsets.Count} 0 obj\n{body}\n");
        if (stream is not null)
        {
            Write("stream\n");
            pdf.Write(stream);
            Write("\nendstream\n");
        }

        Write("endobj\n");
    }

    Write("%PDF-1.5\n%\u00e2\u00e3\n");
    Object("<< /Type /Catalog /Pages 2 0 R >>");
    Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>");
    Object($"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode /Length {jbig2.Length} >>", jbig2);
    Object($"<< /Length {content.Length} >>", content);
    long xref = pdf.Position;
    Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
    foreach (long offset in offsets)
    {
        Write($"{offset:D10} 00000 n \n");
    }

    Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    File.WriteAllBytes(path, pdf.ToArray());
}

// JBIG2 embedded stream (ITU T.88, no file header): a page information segment and an immediate generic
// region whose data is MMR-coded, i.e. the same T.6 code as CCITT Group 4.
static byte[] Jbig2FromMmr(byte[] mmr, int width, int height)
{
    var stream = new MemoryStream();
    void U32(int value)
    {
        stream.WriteByte((byte)(value >> 24));
        stream.WriteByte((byte)(value >> 16));
        stream.WriteByte((byte)(value >> 8));
        stream.WriteByte((byte)value);
    }

    void Header(int number, int type, int dataLength)
    {
        U32(number);
        stream.WriteByte((byte)type); // flags: 1-byte page association
        stream.WriteByte(0); // no referred-to segments
        stream.WriteByte(1); // page 1
        U32(dataLength);
    }

    Header(0, 48, 19); // page information
    U32(width);
    U32(height);
    U32(0); // x resolution unknown
    U32(0); // y resolution unknown
    stream.WriteByte(1); // eventually lossless
    stream.WriteByte(0); // not striped
    stream.WriteByte(0);

    Header(1, 38, 17 + 1 + mmr.Length); // immediate generic region
    U32(width);
    U32(height);
    U32(0); // x
    U32(0); // y
    stream.WriteByte(0); // combination operator OR
    stream.WriteByte(1); // MMR
    stream.Write(mmr);
    return stream.ToArray();
}

static byte[] ToPng(string path)
{
    // PdfPig's PNG reader wants 8-bit samples: stop Magick from writing a 1-bit or palette PNG.
    using var image = new MagickImage(path);
    image.Settings.SetDefine(MagickFormat.Png, "bit-depth", "8");
    image.Settings.SetDefine(MagickFormat.Png, "color-type", "0");
    return image.ToByteArray(MagickFormat.Png);
}

static string ReadGroundTruth(string imagePath) =>
    File.ReadAllText(Path.ChangeExtension(imagePath, ".gt.txt")).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

// The heading (larger type) is a block of its own: a blank line parts it from the body.
static string Lines(string[] lines) => lines[0] + "\n\n" + string.Join('\n', lines[1..]);

static string JoinPages(IEnumerable<string> pages) => string.Join("\n\f\n", pages) + "\n";
