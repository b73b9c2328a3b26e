using System.Diagnostics;
using System.Text.Json;
using DocAssist.Core;
using DocAssist.Testing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace DocAssist.Cli.Tests;

/// <summary>The batch command end to end: the built CLI as a child process on real folders.</summary>
/// <remarks>One class (in two files: this one and <c>BatchCommandTests.Report.cs</c>), so the OCR-heavy runs take turns on the cores instead
/// of competing. Linux only, like DocAssist itself.</remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class BatchCommandTests : IDisposable
{
    // SIGTERM takes the same path as Ctrl-C (SIGINT); SIGINT itself is ignored by children of a shell's background job, as test hosts may be.
    private const int SigTerm = 15;
    private readonly string _scratch = Directory.CreateTempSubdirectory("docassist-batch-").FullName;

    public void Dispose()
    {
        string secret = Path.Combine(_scratch, "in", "secret.txt");
        if (File.Exists(secret))
        {
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task Batch_MixedFolder_WritesOutputsAndReport_ThenResumeSkipsEverything()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("images/tess_phototest.tif", input);
        BatchFixture.Copy("pdfs/gen_mixed.pdf", Path.Combine(input, "letters", "1938"));
        BatchFixture.Copy("pdfs/ntsb_20080108X00031.pdf", Path.Combine(input, "reports"), "odd name – ünïcode\tand tab.pdf");
        BatchFixture.Copy("pdfs/gen_born_digital_rc4.pdf", Path.Combine(input, "letters"), "locked.pdf");
        BatchFixture.WriteDamagedPdf(Path.Combine(input, "letters"), "broken.pdf");
        await File.WriteAllTextAsync(Path.Combine(input, "notes.md"), "# Notes\n\nPlain text passes through.\n");
        await File.WriteAllTextAsync(Path.Combine(input, "secret.txt"), "nobody may read this\n");
        File.SetUnixFileMode(Path.Combine(input, "secret.txt"), UnixFileMode.None);
        await File.WriteAllBytesAsync(Path.Combine(input, "data.bin"), [0, 1, 2, 3, 255, 254, 0, 7]);
        Directory.CreateSymbolicLink(Path.Combine(input, "letters", "loop"), "..");
        File.CreateSymbolicLink(Path.Combine(input, "ping.pdf"), "pong.pdf");
        File.CreateSymbolicLink(Path.Combine(input, "pong.pdf"), "ping.pdf");
        File.CreateSymbolicLink(Path.Combine(input, "phototest-link.tif"), "tess_phototest.tif");

        CliResult first = await BatchFixture.RunAsync("batch", input, "--out", output);

        Assert.True(first.ExitCode == 1, first.ToString());
        using (JsonDocument report = BatchFixture.Report(output))
        {
            JsonElement root = report.RootElement;
            var failures = root.GetProperty("failures").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("reason").GetString()!);
            // report.json is the application layer's: it names the setting; stderr, the CLI's, names the flag.
            Assert.Contains(Settings.Mention(Settings.Password), failures["letters/locked.pdf"], StringComparison.Ordinal);
            Assert.Contains("pass its password with --password", first.Stderr, StringComparison.Ordinal);
            Assert.Contains("not a readable PDF", failures["letters/broken.pdf"], StringComparison.Ordinal);
            Assert.Contains("link", failures["ping.pdf"], StringComparison.Ordinal);
            Assert.Contains("link", failures["pong.pdf"], StringComparison.Ordinal);
            if (BatchFixture.IsRoot)
            {
                // Permissions do not stop root: the file is read like any other.
                Assert.DoesNotContain("secret.txt", failures.Keys);
            }
            else
            {
                Assert.Contains("permission denied", failures["secret.txt"], StringComparison.Ordinal);
            }

            Assert.All(failures.Keys, path => Assert.Contains(path, first.Stderr, StringComparison.Ordinal));
            JsonElement counts = root.GetProperty("counts");
            Assert.Equal(failures.Count, counts.GetProperty("failed").GetInt32());
            Assert.Equal(5 + (BatchFixture.IsRoot ? 1 : 0), counts.GetProperty("succeeded").GetInt32());
            Assert.Equal(1, counts.GetProperty("unsupported").GetInt32());
            Assert.Equal(3, counts.GetProperty("ocrPages").GetInt32());
            Assert.Contains(root.GetProperty("ignored").EnumerateArray(), i => i.GetProperty("path").GetString() == "letters/loop/");
            Assert.InRange(root.GetProperty("meanConfidence").GetDouble(), 60, 100);
            Assert.Equal(0, root.GetProperty("egress").GetProperty("requests").GetInt32());
        }

        // The input tree is mirrored, names sanitized, text matches what extract gives.
        string mixed = await File.ReadAllTextAsync(Path.Combine(output, "letters", "1938", "gen_mixed.pdf.txt"));
        Assert.StartsWith("Cover Note", mixed, StringComparison.Ordinal);
        Assert.Equal(3, mixed.Split('\f').Length);
        Assert.True(File.Exists(Path.Combine(output, "reports", "odd name – ünïcode_and tab.pdf.md")));
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "tess_phototest.tif.json"))))
        {
            Assert.Equal("tess_phototest.tif", json.RootElement.GetProperty("file").GetString());
        }

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(output, "tess_phototest.tif.txt")), await File.ReadAllTextAsync(Path.Combine(output, "phototest-link.tif.txt")));
        Assert.Empty(BatchFixture.Temps(output));
        Assert.Contains("Failures", await File.ReadAllTextAsync(Path.Combine(output, "report.md")), StringComparison.Ordinal);
        BatchFixture.AssertManifestMatchesDisk(output, ["report.md", "report.json"]);

        // The re-run skips what succeeded and tries every failure again (they fail again: nothing about them changed).
        int succeeded = BatchFixture.Manifest(output).Values.Count(r => r.GetProperty("status").GetString() == "done");
        CliResult again = await BatchFixture.RunAsync("batch", input, "--out", output);

        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"({succeeded} already done, skipped)", again.Stderr, StringComparison.Ordinal);
        using JsonDocument second = BatchFixture.Report(output);
        JsonElement c2 = second.RootElement.GetProperty("counts");
        Assert.Equal(succeeded, c2.GetProperty("skippedAlreadyDone").GetInt32());
        Assert.Equal(c2.GetProperty("failed").GetInt32(), c2.GetProperty("processedThisRun").GetInt32());
        Assert.Equal(0, c2.GetProperty("pagesThisRun").GetInt32());
        Assert.Equal(5 + (BatchFixture.IsRoot ? 1 : 0), c2.GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Batch_PageWithoutText_IsCountedEmptyInBothReports()
    {
        // marks_only.png holds a few lines of * + # / % and no letter or digit; Tesseract reads some of the marks.
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("images/marks_only.png", input);
        BatchFixture.Copy("images/tess_phototest.tif", input);

        CliResult result = await BatchFixture.RunAsync("batch", input, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument report = BatchFixture.Report(output);
        JsonElement counts = report.RootElement.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("pages").GetInt32());
        Assert.Equal(1, counts.GetProperty("emptyPages").GetInt32());
        JsonElement marks = report.RootElement.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("path").GetString() == "marks_only.png");
        Assert.Equal(1, marks.GetProperty("emptyPages").GetInt32());
        string markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains("| — empty (no text: blank, a picture, or unreadable) | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `marks_only.png` | done | 1 | 0 | 0 | 0 | 1 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_KilledAndRestarted_EndsWithExactlyTheRightOutputs()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        string[] images =
        [
            "images/tess_phototest.tif", "images/tess_eurotext.tif", "images/ehri_EHRI-BF-19380509b_EN_01.jpg",
            "images/tapus_FRAN_0150_0003_L-medium.jpg", "images/tess_phototest-rotated-180.png",
        ];
        for (int i = 0; i < 3; i++)
        {
            foreach (string image in images)
            {
                BatchFixture.Copy(image, Path.Combine(input, $"box{i}"));
            }
        }

        var expected = new SortedSet<string>(
            Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(input, f))
                .SelectMany(f => new[] { f + ".txt", f + ".md", f + ".json" }),
            StringComparer.Ordinal);

        using (Process run = BatchFixture.Start("batch", input, "--out", output, "--jobs", "2"))
        {
            var clock = Stopwatch.StartNew();
            // Killed once a document is journaled (its outputs are then on disk), so the restart has something to skip.
            string journal = Path.Combine(output, ".docassist", "manifest.jsonl");
            while (!File.Exists(journal) || !File.ReadAllText(journal).Contains('\n', StringComparison.Ordinal))
            {
                if (run.HasExited)
                {
                    Assert.Fail("the batch finished before it could be killed: " + await run.StandardError.ReadToEndAsync());
                }

                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no output appeared");
                await Task.Delay(50);
            }

            // SIGKILL, the whole tree: no handler runs, nothing is tidied up.
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
        }

        int before = BatchFixture.Files(output).Count;
        Assert.True(before >= 1 && before < expected.Count, string.Join("\n", BatchFixture.Files(output)));

        CliResult resumed = await BatchFixture.RunAsync("batch", input, "--out", output, "--jobs", "2");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        SortedSet<string> files = BatchFixture.Files(output);
        files.ExceptWith(["report.md", "report.json"]);
        Assert.Equal(expected, files);
        Assert.Empty(BatchFixture.Temps(output));
        BatchFixture.AssertManifestMatchesDisk(output, ["report.md", "report.json"]);
        using JsonDocument report = BatchFixture.Report(output);
        JsonElement counts = report.RootElement.GetProperty("counts");
        Assert.Equal(images.Length * 3, counts.GetProperty("succeeded").GetInt32());
        Assert.True(counts.GetProperty("skippedAlreadyDone").GetInt32() >= 1, resumed.ToString());
        Assert.All(
            Directory.EnumerateFiles(output, "*.txt", SearchOption.AllDirectories),
            f => Assert.False(string.IsNullOrWhiteSpace(File.ReadAllText(f)), f));
    }

    [Fact]
    public async Task Batch_KilledAtTwentyRandomMoments_NeverLeavesTornOutputsAndEndsExact()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        foreach (string file in new[] { "images/tess_phototest.tif", "images/tess_phototest-rotated-180.png", "pdfs/gen_born_digital.pdf", "pdfs/gen_mixed.pdf" })
        {
            BatchFixture.Copy(file, Path.Combine(input, "scans"));
        }

        for (int i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(input, $"note{i:00}.txt"), $"Note {i}: the boiler was serviced on day {i}.");
        }

        var expected = new SortedSet<string>(
            Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(input, f))
                .SelectMany(f => new[] { f + ".txt", f + ".md", f + ".json" }),
            StringComparer.Ordinal);
        var random = new Random(20261124);

        for (int kill = 0; kill < 20; kill++)
        {
            using (Process run = BatchFixture.Start("batch", input, "--out", output, "--jobs", "2"))
            {
                await Task.Delay(random.Next(300, 3000));
                run.Kill(entireProcessTree: true);
                await run.WaitForExitAsync();
            }

            AssertNoTornOutputs(output, kill);
        }

        CliResult final = await BatchFixture.RunAsync("batch", input, "--out", output, "--jobs", "2");

        Assert.True(final.ExitCode == 0, final.ToString());
        SortedSet<string> files = BatchFixture.Files(output);
        files.ExceptWith(["report.md", "report.json"]);
        Assert.Equal(expected, files);
        Assert.Empty(BatchFixture.Temps(output));
        BatchFixture.AssertManifestMatchesDisk(output, ["report.md", "report.json"]);
    }

    /// <summary>After a SIGKILL: every output a journaled record names is on disk and whole, and no JSON output on disk is torn.</summary>
    private static void AssertNoTornOutputs(string output, int kill)
    {
        string journal = Path.Combine(output, ".docassist", "manifest.jsonl");
        string[] lines = File.Exists(journal) ? File.ReadAllLines(journal) : [];
        for (int i = 0; i < lines.Length; i++)
        {
            JsonElement record;
            try
            {
                record = JsonDocument.Parse(lines[i]).RootElement;
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                continue; // the one place a kill may tear a line; the next run cuts it off
            }

            if (record.GetProperty("status").GetString() != "done")
            {
                continue;
            }

            foreach (JsonElement name in record.GetProperty("outputs").EnumerateArray())
            {
                Assert.True(File.Exists(Path.Combine(output, name.GetString()!)), $"kill {kill}: journaled output {name} missing");
            }
        }

        foreach (string json in Directory.EnumerateFiles(output, "*.json", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.Contains("/.docassist/", StringComparison.Ordinal)))
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(json)); // throws on a torn file
        }
    }

    [Fact]
    public async Task Batch_ThreeShardsAtOnce_CoverEveryFileExactlyOnce()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        for (int i = 0; i < 40; i++)
        {
            string dir = Path.Combine(input, $"d{i % 4}");
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, $"note{i:D2}.txt"), $"Note number {i}: shards split by content.\n");
        }

        BatchFixture.Copy("pdfs/ntsb_20080108X00031.pdf", input);
        string[] all = [.. Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(input, f).Replace('\\', '/'))];

        CliResult[] results = await Task.WhenAll(Enumerable.Range(1, 3).Select(k =>
            BatchFixture.RunAsync("batch", input, "--out", output, "--shard", $"{k}/3")));

        var seen = new List<string>();
        for (int k = 1; k <= 3; k++)
        {
            Assert.True(results[k - 1].ExitCode == 0, results[k - 1].ToString());
            using JsonDocument report = BatchFixture.Report(output, $"report-shard-{k}-of-3.json");
            Assert.Equal($"{k}/3", report.RootElement.GetProperty("shard").GetString());
            string[] mine = [.. report.RootElement.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("path").GetString()!)];
            Assert.Equal(all.Length - mine.Length, report.RootElement.GetProperty("counts").GetProperty("otherShards").GetInt32());
            seen.AddRange(mine);
        }

        BatchFixture.AssertManifestMatchesDisk(output, [.. Enumerable.Range(1, 3).SelectMany(k => new[] { $"report-shard-{k}-of-3.md", $"report-shard-{k}-of-3.json" })], "manifest-shard-*-of-3.jsonl");

        Assert.Equal(all.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.All(all, f => Assert.True(File.Exists(Path.Combine(output, f + ".txt")), f));
        Assert.Empty(BatchFixture.Temps(output));
    }

    [Fact]
    public async Task SearchablePdf_TextReadsBackWithinCerOfTheOcrText()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("pdfs/gen_mixed.pdf", input);
        string image = TestData.Path("images/tess_phototest.tif");
        string single = Path.Combine(_scratch, "phototest.pdf");

        CliResult batch = await BatchFixture.RunAsync("batch", input, "--out", output, "--searchable-pdf");
        CliResult extract = await CliRunner.RunAsync("extract", "--searchable-pdf", single, image);

        Assert.True(batch.ExitCode == 0, batch.ToString());
        Assert.True(extract.ExitCode == 0, extract.ToString());

        // extract: one OCR'd page, its invisible text read back close to what OCR printed, and to the ground truth.
        using (PdfDocument pdf = PdfDocument.Open(single))
        {
            Assert.Equal(1, pdf.NumberOfPages);
            string readBack = ContentOrderTextExtractor.GetText(pdf.GetPage(1));
            Assert.NotEmpty(pdf.GetPage(1).GetImages());
            Assert.True(TextMetrics.CharacterErrorRate(extract.Stdout, readBack) < 0.05, $"vs OCR: {readBack}");
            Assert.True(TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/tess_phototest.gt.txt"), readBack) < 0.10, readBack);
        }

        // batch, mixed PDF: text-layer pages kept as they are, the scanned page carries OCR text over its image.
        string[] ocrPages = (await File.ReadAllTextAsync(Path.Combine(output, "gen_mixed.pdf.txt"))).Split('\f');
        string[] truth = TestData.GroundTruth("pdfs/gen_mixed.gt.txt").Split("\n\f\n");
        using PdfDocument original = PdfDocument.Open(TestData.Path("pdfs/gen_mixed.pdf"));
        using PdfDocument searchable = PdfDocument.Open(Path.Combine(output, "gen_mixed.pdf.searchable.pdf"));
        Assert.Equal(original.NumberOfPages, searchable.NumberOfPages);
        foreach (int n in (int[])[1, 3])
        {
            Assert.Equal(ContentOrderTextExtractor.GetText(original.GetPage(n)), ContentOrderTextExtractor.GetText(searchable.GetPage(n)));
        }

        string scanned = ContentOrderTextExtractor.GetText(searchable.GetPage(2));
        Assert.NotEmpty(searchable.GetPage(2).GetImages());
        Assert.True(TextMetrics.CharacterErrorRate(ocrPages[1], scanned) < 0.05, $"vs OCR: {scanned}");
        Assert.True(TextMetrics.CharacterErrorRate(truth[1], scanned) < 0.12, $"vs truth: {scanned}");
        using JsonDocument report = BatchFixture.Report(output);
        Assert.Contains(
            report.RootElement.GetProperty("documents")[0].GetProperty("outputs").EnumerateArray(),
            o => o.GetString() == "gen_mixed.pdf.searchable.pdf");
    }

    [Fact]
    public async Task Batch_Watch_TakesNewFilesAndStopsCleanlyOnSignal()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        Directory.CreateDirectory(input);
        await File.WriteAllTextAsync(Path.Combine(input, "first.txt"), "there from the start\n");

        using Process run = BatchFixture.Start("batch", input, "--out", output, "--watch", "--watch-interval", "0.2", "--settle", "0.5");
        Task<string> stderr = run.StandardError.ReadToEndAsync();
        await WaitForAsync(() => File.Exists(Path.Combine(output, "first.txt.txt")));

        // Written in two steps: the half-written file must not be read.
        string late = Path.Combine(input, "sub", "late.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(late)!);
        await File.WriteAllTextAsync(late, "first half, ");
        await Task.Delay(150);
        await File.AppendAllTextAsync(late, "second half\n");
        await WaitForAsync(() => File.Exists(Path.Combine(output, "sub", "late.txt.txt")));
        Assert.Equal("first half, second half\n", await File.ReadAllTextAsync(Path.Combine(output, "sub", "late.txt.txt")));

        BatchFixture.Signal(run, SigTerm);
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 130, await stderr);
        using JsonDocument report = BatchFixture.Report(output);
        Assert.Equal(2, report.RootElement.GetProperty("counts").GetProperty("succeeded").GetInt32());
        Assert.Empty(BatchFixture.Temps(output));
    }

    [Fact]
    public async Task Batch_Index_IsTheOneAskReads()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        await File.WriteAllTextAsync(Path.Combine(input, "boats.txt"), "The harbour master keeps the boat registry in the blue cabinet.\n");
        await File.WriteAllTextAsync(Path.Combine(input, "sub", "bees.txt"), "Bees make honey from nectar in the summer months.\n");

        CliResult batch = await BatchFixture.RunAsync("batch", input, "--out", output, "--index");
        string index = Path.Combine(output, ".docassist", "index");
        CliResult ask = await CliRunner.RunAsync(["ask", "--index", index, "--extractive", input, "Where is the boat registry kept?"], null, BatchFixture.RunTimeout);

        Assert.True(batch.ExitCode == 0, batch.ToString());
        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains("0 file(s) read, 2 unchanged", ask.Stderr, StringComparison.Ordinal);
        Assert.Contains("blue cabinet", ask.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_UsageErrors_ExitTwo()
    {
        CliResult missing = await CliRunner.RunAsync("batch", Path.Combine(_scratch, "nope"), "--out", Path.Combine(_scratch, "out"));
        CliResult badShard = await CliRunner.RunAsync("batch", _scratch, "--out", Path.Combine(_scratch, "out"), "--shard", "4/3");
        CliResult same = await CliRunner.RunAsync("batch", _scratch, "--out", _scratch);

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.True(badShard.ExitCode == 2, badShard.ToString());
        Assert.Contains("--shard", badShard.Stderr, StringComparison.Ordinal);
        Assert.True(same.ExitCode == 2, same.ToString());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting");
            await Task.Delay(50);
        }
    }
}
