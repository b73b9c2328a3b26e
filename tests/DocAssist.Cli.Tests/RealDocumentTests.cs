using System.Diagnostics;
using System.Text.RegularExpressions;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr;
using DocAssist.Ocr.Imaging;
using DocAssist.Pdf;
using DocAssist.Testing;
using ImageMagick;

namespace DocAssist.Cli.Tests;

/// <summary>One OCR pool and extractor for the whole class: loading the engines is the slow part.</summary>
public sealed class ExtractorFixture : IDisposable
{
    public ExtractorFixture()
    {
        var options = new ExtractOptions { Languages = "eng", Jobs = 2 };
        Pool = new OcrEnginePool(TestData.Tessdata, options.Languages, options.Jobs, options);
        Extractor = new DocumentExtractor([new TextDecoder(), new PdfDocumentDecoder(), new ImageDocumentDecoder()], Pool);
    }

    public OcrEnginePool Pool { get; }

    public DocumentExtractor Extractor { get; }

    public Task<Document> ExtractAsync(string relative, bool words = false) =>
        Extractor.ExtractAsync(TestData.Path(relative), new ExtractOptions { Languages = "eng", Jobs = 2, IncludeWords = words });

    public void Dispose() => Pool.Dispose();
}

/// <summary>What a user sees on real documents the extractor was not built with: each case failed on the content-order extractor.</summary>
public sealed partial class RealDocumentTests(ExtractorFixture fixture) : IClassFixture<ExtractorFixture>
{
    [Fact]
    public async Task Extract_PdfWithoutSpaceGlyphs_GetsItsWordSpacesFromGeometry()
    {
        // Arrange: a page of a US agency report that places words by position and draws no space glyph.
        // Act
        Document document = await fixture.ExtractAsync("pdfs/usgov_GSA2022_p3.pdf");

        // Assert: it came out as "TheU.S.GeneralServicesAdministration(GSA)wasestablished…" before.
        string text = document.Pages[0].Text;
        Assert.Contains("The U.S. General Services Administration (GSA) was established to promote", text, StringComparison.Ordinal);
        Assert.Contains("Robin Carnahan", text, StringComparison.Ordinal);
        Assert.DoesNotContain(LongWord().Matches(text), m => true);
    }

    [Fact]
    public async Task Extract_HebrewTextLayer_IsInLogicalOrder()
    {
        Document document = await fixture.ExtractAsync("pdfs/pdfjs_issue11656.pdf");

        // It came out reversed ("?םלוכ םולש המ םלוע םולש"), so a question with the document's own words found nothing.
        string text = document.Pages[0].Text;
        Assert.Contains("שלום עולם מה שלום כולם?", text, StringComparison.Ordinal);
        Assert.Contains("אני יורד מן החוטים, אני כבר ילד אמיתי.", text, StringComparison.Ordinal);
        Assert.Contains("כמו כל הילדים.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_OverprintedJapaneseFakeBold_ReadsEveryGlyphOnce()
    {
        Document document = await fixture.ExtractAsync("pdfs/gen_cjk_fake_bold.pdf");

        // Every line is drawn twice, 0.43 pt apart: it read "漏電遮断漏電遮断…" before.
        string text = document.Pages[0].Text;
        Assert.Equal(3, Regex.Count(text, "漏電遮断"));
        Assert.Contains("漏電遮断機構（電流制限器等に漏電遮断特性を持", text, StringComparison.Ordinal);
        Assert.Contains("り扱う。", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_TwoColumnPaper_ReadsTitleAndAbstractBeforeTheColumnsAndEachColumnWhole()
    {
        Document document = await fixture.ExtractAsync("pdfs/pdfjs_bug1997343.pdf");

        string text = document.Pages[0].Text;
        int[] at = [.. new[] { "A Two Column Example", "2025-06-18", "Abstract", "An example document showing automatic tagging", "Contents", "1 Introduction", "2 Document structures", "2.1 Mathematics" }
            .Select(s => text.IndexOf(s, StringComparison.Ordinal))];
        Assert.All(at, i => Assert.True(i >= 0, text));
        Assert.Equal(at.Order(), at);
    }

    [Fact]
    public async Task Extract_FilledAcroForm_PutsFieldValuesOnThePageWithTheirNames()
    {
        Document document = await fixture.ExtractAsync("pdfs/pdfjs_issue17492.pdf");

        // The values lived only in the form fields: none of them was in the text before.
        Page page = document.Pages[0];
        foreach (string value in new[] { "Lucía", "Garzas", "Spain", "UX Designer", "Bachelor's degree" })
        {
            Assert.Contains(value, page.Text, StringComparison.Ordinal);
        }

        TextBlock[] fields = [.. page.Blocks.Where(b => b.Role == TextRole.FormField)];
        Assert.Contains(fields, f => f.Text.Contains("Lucía", StringComparison.Ordinal) && !string.IsNullOrEmpty(f.FieldName) && f.Box is not null);
        Assert.True(page.Text.IndexOf("Lucía", StringComparison.Ordinal) > page.Text.IndexOf(page.Blocks[0].Text, StringComparison.Ordinal), "form values come after the page's own text");
    }

    [Fact]
    public async Task Extract_FreeTextAnnotationsOnAPageWithoutText_AreItsText()
    {
        Document document = await fixture.ExtractAsync("pdfs/pdfjs_freetexts.pdf");

        Page page = document.Pages[0];
        foreach (string note in new[] { "Hello World from Acrobat", "Hello World From Firefox", "Hello World from Preview", "Hello World from Foxit" })
        {
            Assert.Contains(page.Blocks, b => b.Role == TextRole.Annotation && b.Text.Contains(note, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Extract_ShortTextLayerOverAScan_KeepsTheLayerAndAddsWhatOcrReads()
    {
        // A scan with a caption drawn as real text: the caption was dropped and only OCR kept before.
        Document document = await fixture.ExtractAsync("pdfs/gen_scan_with_caption.pdf");

        Page page = Assert.Single(document.Pages);
        Assert.Equal(PageSource.Mixed, page.Source);
        Assert.Contains("Scan 7", page.Text, StringComparison.Ordinal);
        Assert.Contains(page.Blocks, b => b.Source == PageSource.TextLayer && b.Text == "Scan 7");
        TextBlock ocr = Assert.Single(page.Blocks, b => b.Source == PageSource.Ocr);
        double cer = TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/tess_phototest.gt.txt"), ocr.Text);
        Assert.True(cer < 0.10, $"CER {cer:P1}: {ocr.Text}");
        Assert.NotNull(page.Confidence);
    }

    [Fact]
    public async Task Extract_RunningFooterAndPageNumbers_AreMarkedButKeptInTheText()
    {
        Document document = await fixture.ExtractAsync("pdfs/ntsb_20080108X00031.pdf");

        Assert.All(document.Pages, page =>
        {
            string label = $"Page {page.Number} of 3";
            Assert.Contains(page.Blocks, b => b.IsFurniture && b.Text.StartsWith(label, StringComparison.Ordinal));
            Assert.DoesNotContain(page.Blocks, b => !b.IsFurniture && b.Text.Contains(label, StringComparison.Ordinal));
            Assert.Contains(label, page.Text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("pdfs/gen_born_digital.pdf", 0)]
    [InlineData("pdfs/gen_born_digital.pdf", 90)]
    [InlineData("pdfs/gen_scanned.pdf", 0)]
    public async Task Extract_WordBoxes_DrawnOnThePageAsPdftoppmRendersIt_CoverTheirWords(string relative, int turn)
    {
        // Arrange: the page as a viewer shows it (turned by /Rotate when asked), rendered by pdftoppm at 200 dpi.
        string pdf = TestData.Path(relative);
        string scratch = Directory.CreateTempSubdirectory("docassist-boxes-").FullName;
        try
        {
            if (turn != 0)
            {
                string turned = Path.Combine(scratch, "turned.pdf");
                Run("qpdf", $"--rotate=+{turn}", pdf, turned);
                pdf = turned;
            }

            Run("pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-gray", "-cropbox", "-png", "-singlefile", pdf, Path.Combine(scratch, "page"));
            Document document = await fixture.Extractor.ExtractAsync(pdf, new ExtractOptions { Languages = "eng", Jobs = 2, IncludeWords = true });
            Page page = document.Pages[0];
            using var image = new MagickImage(Path.Combine(scratch, "page.png"));
            double scale = image.Width / page.Width;
            Assert.Equal(image.Height / scale, page.Height, 1.0);

            // Act: read each of the page's longer words back from the rendered image, cut out at its box.
            // (OCR words only where the engine was sure: a misread word would be read back as something else.)
            Word[] words = [.. page.Words.Where(w => w.Text.Length >= 6 && w.Text.All(char.IsLetter) && w.Confidence is null or >= 90).Take(6)];
            Assert.NotEmpty(words);
            using var engine = new TesseractOcrEngine(TestData.Tessdata, "eng");
            foreach (Word word in words)
            {
                using var crop = (MagickImage)image.Clone();
                int pad = (int)(3 * scale);
                crop.Crop(new MagickGeometry(
                    (int)(word.Box.Left * scale) - pad, (int)(word.Box.Top * scale) - pad,
                    (uint)((word.Box.Right - word.Box.Left) * scale) + (uint)(2 * pad), (uint)((word.Box.Bottom - word.Box.Top) * scale) + (uint)(2 * pad)));
                crop.ResetPage();
                if (turn == 90)
                {
                    crop.Rotate(-90);
                }

                crop.BorderColor = MagickColors.White;
                crop.Border(20);
                crop.Grayscale();
                crop.Depth = 8;
                var gray = new GrayImage(crop.ToByteArray(MagickFormat.Gray), (int)crop.Width, (int)crop.Height, 200);
                string read = engine.Recognize(gray).Text.Trim();

                // Assert: the box holds that word (OCR of a crop may miss a letter, so a small edit distance is allowed).
                double cer = TextMetrics.CharacterErrorRate(word.Text.ToLowerInvariant(), string.Concat(read.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant());
                Assert.True(cer <= 0.2, $"{word.Text} at {word.Box} on a {page.Width}x{page.Height} page reads \"{read}\"");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode is 0 or 3, $"{tool} failed ({process.ExitCode}): {error}. Install poppler-utils and qpdf (./run-tests does).");
    }

    [GeneratedRegex(@"\p{L}{25,}")]
    private static partial Regex LongWord();
}
