using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocAssist.Testing;

namespace DocAssist.Bench.Tests;

/// <summary>Keeps the benchmark harness working: a smoke run on a handful of inputs must produce a table of figures. Nothing is timed against a goal.</summary>
public sealed partial class SmokeTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "docassist-bench-smoke-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SmokeRun_ProducesResultsTableWithFigures()
    {
        // The shared test data when it is beside the repository; otherwise (a CI checkout) a small set built from testdata/.
        string shared = Path.GetFullPath(Path.Combine(TestData.RepoRoot, "..", "shared", "testdata"));
        string testdata = Directory.Exists(Path.Combine(shared, "ocr")) && Environment.GetEnvironmentVariable("DOCASSIST_BENCH_SMOKE_REPO_DATA") != "1"
            ? shared
            : RepoTestdata(Path.Combine(_work, "testdata"));
        string results = Path.Combine(_work, "results.md");

        (int exit, string stdout, string stderr) = await RunHarnessAsync(
            "--smoke", "--cli", Path.Combine(AppContext.BaseDirectory, "docassist.dll"), "--testdata", testdata, "--work", _work, "--results", results);

        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        string table = await File.ReadAllTextAsync(results);
        Assert.Contains("### Goals", table, StringComparison.Ordinal);
        Assert.Contains("### Measurements", table, StringComparison.Ordinal);

        // Every suite measured something: a row per section with a numeric wall time.
        foreach (string section in new[] { "OCR", "born-digital", "memory", "ask" })
        {
            Assert.Contains(MeasurementRows(table), row => row[0] == section && IsNumber(row[4]));
        }

        // The OCR comparison has figures for docassist and both tesseract configurations, and a ratio.
        string[][] ocr = [.. MeasurementRows(table).Where(r => r[0] == "OCR")];
        Assert.Contains(ocr, r => r[1].StartsWith("docassist", StringComparison.Ordinal) && IsNumber(r[5]) && IsNumber(r[8]));
        Assert.Contains(ocr, r => r[1].StartsWith("tesseract (a)", StringComparison.Ordinal) && IsNumber(r[5]));
        Assert.Contains(ocr, r => r[1].StartsWith("tesseract (b)", StringComparison.Ordinal) && IsNumber(r[5]));
        Assert.Matches(Ratio(), table);

        // ocrmypdf is optional in smoke mode: either measured or marked as not installed.
        Assert.True(table.Contains("ocrmypdf: not installed", StringComparison.Ordinal) || ocr.Any(r => r[1].StartsWith("ocrmypdf", StringComparison.Ordinal) && IsNumber(r[8])), table);
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    /// <summary>Lays out the repository's own test files the way the shared test data is: ocr/ with a manifest, pdf/, and a tiny qa/ set.</summary>
    private static string RepoTestdata(string dir)
    {
        string ocr = Directory.CreateDirectory(Path.Combine(dir, "ocr")).FullName;
        var manifest = new StringBuilder("file\tgt\tlang\n");
        foreach (string image in new[] { "tess_phototest.tif", "tess_phototest-rotated-L.png", "tess_phototest-rotated-R.png" })
        {
            string gt = Path.ChangeExtension(image, ".gt.txt");
            File.Copy(TestData.Path("images/" + image), Path.Combine(ocr, image));
            File.Copy(TestData.Path("images/" + gt), Path.Combine(ocr, gt));
            manifest.Append(CultureInfo.InvariantCulture, $"{image}\t{gt}\ten\n");
        }

        File.WriteAllText(Path.Combine(ocr, "manifest.tsv"), manifest.ToString());

        string pdf = Directory.CreateDirectory(Path.Combine(dir, "pdf")).FullName;
        foreach (string file in new[] { "gen_born_digital.pdf", "ntsb_20080108X00031.pdf" })
        {
            File.Copy(TestData.Path("pdfs/" + file), Path.Combine(pdf, file));
        }

        string docs = Directory.CreateDirectory(Path.Combine(dir, "qa", "docs")).FullName;
        File.Copy(TestData.Path("pdfs/gen_born_digital.gt.txt"), Path.Combine(docs, "harbour.txt"));
        File.WriteAllLines(Path.Combine(dir, "qa", "qa.jsonl"),
        [
            Question("q1", "How many books did visitors borrow?", "1,284"),
            Question("q2", "At what resolution does the second scanner digitise maps?", "600 dpi"),
            Question("q3", "What is the invoice reference?", "HL-2024-0917"),
        ]);
        return dir;
    }

    private static string Question(string id, string question, string answer) =>
        $$"""{"id": "{{id}}", "docs": ["docs/harbour.txt"], "question": "{{question}}", "answers": ["{{answer}}"], "answer_type": "extractive-span", "lang": "en"}""";

    private static IEnumerable<string[]> MeasurementRows(string table)
    {
        string measurements = table[table.IndexOf("### Measurements", StringComparison.Ordinal)..];
        return measurements.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| section", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray());
    }

    private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunHarnessAsync(params string[] args) =>
        ChildProcess.RunAsync("DocAssist.Bench.dll", args, null, TimeSpan.FromMinutes(5));

    [GeneratedRegex(@"\| \d+\.\d+× \|")]
    private static partial Regex Ratio();
}
