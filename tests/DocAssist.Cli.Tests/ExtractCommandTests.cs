using System.Text.Json;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("docassist-cli-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Extract_ScannedLetter_PrintsTextWithinCerBound()
    {
        string image = TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.jpg");

        CliResult result = await CliRunner.RunAsync("extract", image);

        Assert.True(result.ExitCode == 0, result.ToString());
        double cer = TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/ehri_EHRI-BF-19380509b_EN_01.gt.txt"), result.Stdout);
        Assert.True(cer < 0.10, $"CER {cer:P1}\n{result}");
    }

    [Fact]
    public async Task Extract_Json_ReportsPageSourcesAndConfidence()
    {
        string pdf = TestData.Path("pdfs/ntsb_20080108X00031.pdf");
        string image = TestData.Path("images/tess_phototest.tif");

        CliResult result = await CliRunner.RunAsync("extract", "--json", "--words", pdf, image);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement[] docs = [.. json.RootElement.GetProperty("documents").EnumerateArray()];
        Assert.Equal(2, docs.Length);
        Assert.Equal(pdf, docs[0].GetProperty("file").GetString());
        Assert.All(docs[0].GetProperty("pages").EnumerateArray(), p =>
        {
            Assert.Equal("text-layer", p.GetProperty("source").GetString());
            Assert.Equal(JsonValueKind.Null, p.GetProperty("confidence").ValueKind);
        });
        JsonElement scanned = docs[1].GetProperty("pages")[0];
        Assert.Equal("ocr", scanned.GetProperty("source").GetString());
        Assert.InRange(scanned.GetProperty("confidence").GetDouble(), 50, 100);
        JsonElement word = scanned.GetProperty("words")[0];
        Assert.False(string.IsNullOrWhiteSpace(word.GetProperty("text").GetString()));
        Assert.Equal(4, word.GetProperty("box").GetArrayLength());
        Assert.Contains("quick brown dog", scanned.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_MixedPdf_KeepsTextLayersAndOcrsTheScan()
    {
        string pdf = TestData.Path("pdfs/gen_mixed.pdf");
        string[] truth = TestData.GroundTruth("pdfs/gen_mixed.gt.txt").Split("\n\f\n");

        CliResult result = await CliRunner.RunAsync("extract", "--json", pdf);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement[] pages = [.. json.RootElement.GetProperty("documents")[0].GetProperty("pages").EnumerateArray()];
        Assert.Equal(["text-layer", "ocr", "text-layer"], pages.Select(p => p.GetProperty("source").GetString()));
        Assert.Equal([1, 2, 3], pages.Select(p => p.GetProperty("number").GetInt32()));
        for (int i = 0; i < pages.Length; i++)
        {
            double cer = TextMetrics.CharacterErrorRate(truth[i], pages[i].GetProperty("text").GetString()!);
            Assert.True(cer < (i == 1 ? 0.10 : 0.01), $"page {i + 1}: CER {cer:P1}");
        }
    }

    [Fact]
    public async Task Extract_ScannedPdf_OcrsEveryPage()
    {
        string pdf = TestData.Path("pdfs/gen_scanned.pdf");
        string truth = TestData.GroundTruth("pdfs/gen_scanned.gt.txt");

        CliResult result = await CliRunner.RunAsync("extract", pdf);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(truth.Split("\n\f\n").Length, result.Stdout.Split('\f').Length);
        double cer = TextMetrics.CharacterErrorRate(truth, result.Stdout.Replace('\f', '\n'));
        Assert.True(cer < 0.10, $"CER {cer:P1}\n{result}");
    }

    [Fact]
    public async Task Extract_Markdown_HasHeadingPerPage()
    {
        string pdf = TestData.Path("pdfs/ntsb_20080108X00031.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--format", "markdown", pdf);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("# ntsb_20080108X00031.pdf", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("## Page 1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("## Page 3", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("<!-- source: text-layer -->", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_BrokenAmongGoodFiles_ReportsOneLineAndKeepsOthers()
    {
        string broken = TestData.Path("pdfs/pdfjs_bug1020226.pdf");
        string good = TestData.Path("pdfs/ntsb_20080108X00031.pdf");
        string garbage = Path.Combine(_scratch, "noise.pdf");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        string outDir = Path.Combine(_scratch, "out");

        CliResult result = await CliRunner.RunAsync("extract", "--out", outDir, broken, garbage, good);

        Assert.Equal(1, result.ExitCode);
        string[] errors = [.. result.Stderr.Split('\n').Where(l => l.StartsWith("docassist: ", StringComparison.Ordinal))];
        Assert.Contains(errors, l => l.Contains(broken, StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(garbage, StringComparison.Ordinal) && l.Contains("unsupported", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        string written = await File.ReadAllTextAsync(Path.Combine(outDir, "ntsb_20080108X00031.pdf.txt"));
        Assert.Contains("NTSB", written, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Directory.GetFiles(outDir));
    }

    [Fact]
    public async Task Extract_EncryptedWithoutPassword_SaysHowToOpen()
    {
        string pdf = TestData.Path("pdfs/pdfpig_encrypted-password-is-password.pdf");

        CliResult without = await CliRunner.RunAsync("extract", pdf);
        CliResult with = await CliRunner.RunAsync("extract", "--password", "password", pdf);

        Assert.Equal(1, without.ExitCode);
        Assert.Contains(pdf, without.Stderr, StringComparison.Ordinal);
        Assert.Contains("--password", without.Stderr, StringComparison.Ordinal);
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.False(string.IsNullOrWhiteSpace(with.Stdout));
    }

    [Fact]
    public async Task Extract_MissingLanguage_NamesFileAndHowToGetIt()
    {
        string image = TestData.Path("images/tess_phototest.tif");

        CliResult result = await CliRunner.RunAsync("extract", "--lang", "deu", image);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("deu.traineddata", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr-deu", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_LanguageTypedAsIsoCode_NamesTheTesseractModelAndPackage()
    {
        string image = TestData.Path("images/tess_phototest.tif");

        CliResult result = await CliRunner.RunAsync("extract", "--lang", "fr", image);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lang fra", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr-fra", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"tesseract-ocr-fr\b", result.Stderr);
    }

    [Fact]
    public async Task Extract_Json_HebrewScanReadWithEng_WarnsAndFlagsThePageUnreliable()
    {
        string hebrew = TestData.Path("images/udhr_hebrew.png");
        string english = TestData.Path("images/tess_phototest.tif");

        CliResult result = await CliRunner.RunAsync("extract", "--json", hebrew, english);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("page 1: the page looks like Hebrew script", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("heb.traineddata (Debian: tesseract-ocr-heb) and run with --lang heb", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement[] docs = [.. json.RootElement.GetProperty("documents").EnumerateArray()];
        JsonElement flagged = docs[0].GetProperty("pages")[0];
        Assert.True(flagged.GetProperty("unreliable").GetBoolean());
        Assert.Equal("Hebrew", flagged.GetProperty("script").GetString());
        Assert.Contains(flagged.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("heb.traineddata", StringComparison.Ordinal));
        JsonElement fine = docs[1].GetProperty("pages")[0];
        Assert.False(fine.GetProperty("unreliable").GetBoolean());
        // A confident reading is not checked for its script (PageLanguageCheck.ConfidentReading): "script" is then absent.
        Assert.True(!fine.TryGetProperty("script", out JsonElement script) || script.GetString() == "Latin");
        Assert.Empty(fine.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Extract_OutDir_NamesStayInsideAndDoNotCollide()
    {
        string sub1 = Directory.CreateDirectory(Path.Combine(_scratch, "a")).FullName;
        string sub2 = Directory.CreateDirectory(Path.Combine(_scratch, "b")).FullName;
        string odd = "..\u0007note\nx.txt";
        await File.WriteAllTextAsync(Path.Combine(sub1, odd), "first");
        await File.WriteAllTextAsync(Path.Combine(sub2, odd), "second");
        string outDir = Path.Combine(_scratch, "out");

        CliResult result = await CliRunner.RunAsync("extract", "--format", "json", "-o", outDir, Path.Combine(sub1, odd), Path.Combine(sub2, odd));

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] files = [.. Directory.GetFiles(outDir).Select(Path.GetFileName).Order()!];
        Assert.Equal(["_note_x.txt-2.json", "_note_x.txt.json"], files);
        Assert.Empty(Directory.GetFiles(_scratch, "*.json", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public async Task Extract_FileThatOverflowsTheParserStack_CostsOnlyThatFile()
    {
        // A page tree 250,000 levels deep: PdfPig recurses into it until the stack overflows, which kills a process outright.
        string crasher = Path.Combine(_scratch, "deep-page-tree.pdf");
        await File.WriteAllBytesAsync(crasher, HostilePdfs.DeepPageTree(HostilePdfs.StackOverflowDepth));
        string before = TestData.Path("pdfs/gen_born_digital.pdf");
        string after = TestData.Path("images/tess_phototest.tif");

        CliResult result = await CliRunner.RunAsync("extract", "--json", before, crasher, after);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{crasher}: the reader crashed on this file", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Stack overflow", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement[] docs = [.. json.RootElement.GetProperty("documents").EnumerateArray()];
        Assert.Equal([before, crasher, after], docs.Select(d => d.GetProperty("file").GetString()));
        Assert.Contains("Harbour Library", docs[0].GetProperty("pages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("crashed", docs[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("quick brown dog", docs[2].GetProperty("pages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_ImageOverPixelLimit_RefusedNamingTheFlag()
    {
        string image = TestData.Path("images/tess_phototest.tif");

        CliResult result = await CliRunner.RunAsync("extract", "--max-pixels", "100000", image);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(image, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--max-pixels", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Help_ListsExtractWithExamples()
    {
        CliResult root = await CliRunner.RunAsync("--help");
        CliResult extract = await CliRunner.RunAsync("extract", "--help");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("extract", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("--format", extract.Stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:", extract.Stdout, StringComparison.Ordinal);
    }
}
