// Generates the synthetic test PDFs in testdata/pdfs with known ground truth.
// Run through generate-test-pdfs.sh, which also makes the encrypted copies with qpdf.
// Usage: dotnet run GenerateTestPdfs.cs -- <output folder> <folder of the OCR dev set images>
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

static string Lines(string[] lines) => string.Join('\n', lines);

static string JoinPages(IEnumerable<string> pages) => string.Join("\n\f\n", pages) + "\n";
