using System.Diagnostics;
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
        string testdata = Path.GetFullPath(Path.Combine(TestData.RepoRoot, "..", "shared", "testdata"));
        Assert.True(Directory.Exists(Path.Combine(testdata, "ocr")), $"the shared test data is missing: {testdata}");
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

    private static IEnumerable<string[]> MeasurementRows(string table)
    {
        string measurements = table[table.IndexOf("### Measurements", StringComparison.Ordinal)..];
        return measurements.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| section", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray());
    }

    private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunHarnessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DocAssist.Bench.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the smoke run did not finish within 5 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"\| \d+\.\d+× \|")]
    private static partial Regex Ratio();
}
