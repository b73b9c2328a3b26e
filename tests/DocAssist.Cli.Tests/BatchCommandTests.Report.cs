using System.Diagnostics;
using System.Text.Json;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>The batch report can be trusted: its totals are the sums of its rows, a page time-out is a time-out, a re-run retries what
/// failed, and an interrupted run names what it did not start.</summary>
public sealed partial class BatchCommandTests
{
    // A page time limit no OCR of a real scan can meet (the limit must be above 0): every OCR'd page times out, text layers do not.
    private const string TinyPageTimeout = "0.01";

    private static readonly string[] PageCountFields = ["pages", "textLayerPages", "ocrPages", "mixedPages", "emptyPages", "failedPages", "timedOutPages"];

    [Fact]
    public async Task Batch_ResumedFailedMixedAndTimedOutDocuments_TotalsAreTheSumsOfTheRows()
    {
        // Run 1 does pages of every source: a scan with a text caption (a mixed page), a form whose last page is mixed, a page of
        // marks only (empty), an OCR'd scan. Run 2 resumes those and adds a document with a page over the time limit and a damaged one.
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("pdfs/gen_scan_with_caption.pdf", input);
        BatchFixture.Copy("pdfs/gen_form.pdf", input);
        BatchFixture.Copy("pdfs/ocrmypdf_graph_ocred.pdf", input);
        BatchFixture.Copy("images/marks_only.png", input);
        CliResult first = await BatchFixture.RunAsync("batch", input, "--out", output);
        Assert.True(first.ExitCode == 0, first.ToString());
        BatchFixture.Copy("pdfs/gen_mixed.pdf", input);
        BatchFixture.WriteDamagedPdf(input, "broken.pdf");
        await File.WriteAllTextAsync(Path.Combine(input, "notes.txt"), "Plain text is one page.\n");

        CliResult second = await BatchFixture.RunAsync("batch", input, "--out", output, "--page-timeout", TinyPageTimeout);

        Assert.True(second.ExitCode == 1, second.ToString());
        using JsonDocument report = BatchFixture.Report(output);
        JsonElement counts = report.RootElement.GetProperty("counts");
        JsonElement[] rows = [.. report.RootElement.GetProperty("documents").EnumerateArray()];
        Assert.Equal(7, rows.Length);
        Assert.All(rows, d => Assert.True(
            d.GetProperty("pages").GetInt32() == d.GetProperty("textLayerPages").GetInt32() + d.GetProperty("ocrPages").GetInt32()
                + d.GetProperty("mixedPages").GetInt32() + d.GetProperty("emptyPages").GetInt32(),
            $"a row whose page columns do not add up to its pages: {d}"));
        foreach (string field in PageCountFields)
        {
            Assert.True(counts.GetProperty(field).GetInt32() == rows.Sum(d => d.GetProperty(field).GetInt32()), $"{field}: total {counts.GetProperty(field)} is not the sum of the rows\n{counts}");
        }

        Assert.Equal(rows.Where(d => d.GetProperty("thisRun").GetBoolean()).Sum(d => d.GetProperty("pages").GetInt32()), counts.GetProperty("pagesThisRun").GetInt32());
        Assert.Equal(rows.Count(d => d.GetProperty("thisRun").GetBoolean()), counts.GetProperty("processedThisRun").GetInt32());
        Assert.Equal(rows.Count(d => !d.GetProperty("thisRun").GetBoolean()), counts.GetProperty("skippedAlreadyDone").GetInt32());
        Assert.Equal(counts.GetProperty("documents").GetInt32(), counts.GetProperty("succeeded").GetInt32() + counts.GetProperty("failed").GetInt32());
        Assert.Equal(4, counts.GetProperty("skippedAlreadyDone").GetInt32());

        JsonElement caption = Row(rows, "gen_scan_with_caption.pdf");
        Assert.Equal((1, 1), (caption.GetProperty("pages").GetInt32(), caption.GetProperty("mixedPages").GetInt32()));
        Assert.False(caption.GetProperty("thisRun").GetBoolean());
        JsonElement mixed = Row(rows, "gen_mixed.pdf");
        Assert.Equal("timeout", mixed.GetProperty("errorKind").GetString());
        Assert.Equal([3, 2, 0, 0, 1, 1, 1], PageCountFields.Select(f => mixed.GetProperty(f).GetInt32()));

        // The mean confidence is over every page with OCR text (OCR'd and mixed), in each row and in the totals alike.
        JsonElement[] read = [.. rows.Where(d => d.GetProperty("meanConfidence").ValueKind == JsonValueKind.Number)];
        double weighted = read.Sum(d => d.GetProperty("meanConfidence").GetDouble() * (d.GetProperty("ocrPages").GetInt32() + d.GetProperty("mixedPages").GetInt32()))
            / read.Sum(d => d.GetProperty("ocrPages").GetInt32() + d.GetProperty("mixedPages").GetInt32());
        Assert.Equal(weighted, report.RootElement.GetProperty("meanConfidence").GetDouble(), 0.1);
        Assert.Equal(JsonValueKind.Number, Row(rows, "gen_form.pdf").GetProperty("meanConfidence").ValueKind);

        // report.md: each row's page columns, and the totals, as in report.json.
        string markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains($"| Pages | {counts.GetProperty("pages").GetInt32()} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| — text layer and OCR (mixed) | {counts.GetProperty("mixedPages").GetInt32()} |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `gen_mixed.pdf` | failed (timeout) | 3 | 2 | 0 | 0 | 1 | 1 | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `gen_scan_with_caption.pdf` | done (earlier run) | 1 | 0 | 0 | 1 | 0 | 0 | 0 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_PageOverTheTimeLimit_IsReportedAsATimeOutPerDocumentAndInTotals()
    {
        // A PDF with text-layer pages and one scanned page, and an image file of one page: only the OCR'd pages run over the limit.
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("pdfs/gen_mixed.pdf", input);
        BatchFixture.Copy("images/tess_phototest.tif", input);
        BatchFixture.Copy("pdfs/gen_born_digital.pdf", input);

        CliResult result = await BatchFixture.RunAsync("batch", input, "--out", output, "--page-timeout", TinyPageTimeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        using JsonDocument report = BatchFixture.Report(output);
        JsonElement root = report.RootElement;
        JsonElement[] rows = [.. root.GetProperty("documents").EnumerateArray()];
        foreach ((string path, int pages, int timedOut) in new[] { ("gen_mixed.pdf", 3, 1), ("tess_phototest.tif", 1, 1) })
        {
            JsonElement row = Row(rows, path);
            Assert.True(row.GetProperty("status").GetString() == "failed" && row.GetProperty("errorKind").GetString() == "timeout", row.ToString());
            Assert.Equal((pages, timedOut, timedOut), (row.GetProperty("pages").GetInt32(), row.GetProperty("timedOutPages").GetInt32(), row.GetProperty("failedPages").GetInt32()));
            Assert.Contains("time limit", row.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        JsonElement digital = Row(rows, "gen_born_digital.pdf");
        Assert.Equal(("done", 0), (digital.GetProperty("status").GetString(), digital.GetProperty("timedOutPages").GetInt32()));
        JsonElement counts = root.GetProperty("counts");
        Assert.Equal((2, 2, 2), (counts.GetProperty("failed").GetInt32(), counts.GetProperty("timedOut").GetInt32(), counts.GetProperty("timedOutPages").GetInt32()));
        Assert.All(root.GetProperty("failures").EnumerateArray(), f => Assert.Equal("timeout", f.GetProperty("kind").GetString()));
        string markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains("| — a page ran over the time limit | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| — of which over the page time limit | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `tess_phototest.tif` | failed (timeout) |", markdown, StringComparison.Ordinal);
        Assert.Contains("page time limit 0.01 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_ReRun_RetriesEveryFailedDocumentAndSkipsOnlyWhatSucceeded()
    {
        // Run 1 fails a damaged PDF (its input) and an image (a page time limit far too small); run 2, with the default limit, must
        // read both again (the image now succeeds) and skip only the document that succeeded.
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("images/tess_phototest.tif", input);
        BatchFixture.WriteDamagedPdf(input, "broken.pdf");
        await File.WriteAllTextAsync(Path.Combine(input, "notes.txt"), "Plain text passes through.\n");
        CliResult first = await BatchFixture.RunAsync("batch", input, "--out", output, "--page-timeout", TinyPageTimeout);
        Assert.True(first.ExitCode == 1, first.ToString());
        using (JsonDocument before = BatchFixture.Report(output))
        {
            Assert.Equal(2, before.RootElement.GetProperty("counts").GetProperty("failed").GetInt32());
        }

        CliResult again = await BatchFixture.RunAsync("batch", input, "--out", output);

        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("(1 already done, skipped)", again.Stderr, StringComparison.Ordinal);
        using JsonDocument report = BatchFixture.Report(output);
        JsonElement[] rows = [.. report.RootElement.GetProperty("documents").EnumerateArray()];
        Assert.False(Row(rows, "notes.txt").GetProperty("thisRun").GetBoolean());
        JsonElement image = Row(rows, "tess_phototest.tif");
        Assert.True(image.GetProperty("thisRun").GetBoolean() && image.GetProperty("status").GetString() == "done", image.ToString());
        JsonElement broken = Row(rows, "broken.pdf");
        Assert.True(broken.GetProperty("thisRun").GetBoolean() && broken.GetProperty("status").GetString() == "failed", broken.ToString());
        JsonElement counts = report.RootElement.GetProperty("counts");
        Assert.Equal((1, 2, 1, 1), (counts.GetProperty("skippedAlreadyDone").GetInt32(), counts.GetProperty("processedThisRun").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("ocrPages").GetInt32()));
        Assert.True(File.Exists(Path.Combine(output, "tess_phototest.tif.txt")));
    }

    [Fact]
    public async Task Batch_StoppedBySignal_ReportListsEveryDocumentNotStarted()
    {
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        string[] images = ["images/tess_phototest.tif", "images/tess_eurotext.tif", "images/ehri_EHRI-BF-19380509b_EN_01.jpg", "images/tess_phototest-rotated-180.png"];
        for (int i = 0; i < 12; i++)
        {
            string image = images[i % images.Length];
            BatchFixture.Copy(image, input, $"{i:00}-{Path.GetFileName(image)}");
        }

        string[] all = [.. Directory.GetFiles(input).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

        using (Process run = BatchFixture.Start("batch", input, "--out", output, "--jobs", "1"))
        {
            Task<string> stderr = run.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            string journal = Path.Combine(output, ".docassist", "manifest.jsonl");
            while (!File.Exists(journal) || !File.ReadAllText(journal).Contains('\n', StringComparison.Ordinal))
            {
                if (run.HasExited)
                {
                    Assert.Fail("the batch finished before it could be stopped: " + await stderr);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no document was finished");
                await Task.Delay(50);
            }

            BatchFixture.Signal(run, SigTerm);
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(run.ExitCode == 130, await stderr);
        }

        using JsonDocument report = BatchFixture.Report(output);
        JsonElement root = report.RootElement;
        Assert.True(root.GetProperty("interrupted").GetBoolean());
        string[] rows = [.. root.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("path").GetString()!)];
        string[] notStarted = [.. root.GetProperty("notStarted").EnumerateArray().Select(p => p.GetString()!)];
        Assert.NotEmpty(notStarted);
        Assert.Empty(rows.Intersect(notStarted));
        Assert.Equal(all, rows.Concat(notStarted).Order(StringComparer.Ordinal));
        JsonElement counts = root.GetProperty("counts");
        Assert.Equal((all.Length, notStarted.Length), (counts.GetProperty("documents").GetInt32(), counts.GetProperty("notStarted").GetInt32()));
        Assert.Equal(rows.Length, counts.GetProperty("succeeded").GetInt32() + counts.GetProperty("failed").GetInt32());
        string markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains($"| Not started (interrupted) | {notStarted.Length} |", markdown, StringComparison.Ordinal);
        Assert.All(notStarted, path => Assert.Contains($"- `{path}`", markdown, StringComparison.Ordinal));

        // The next run does exactly what was not started.
        CliResult resumed = await BatchFixture.RunAsync("batch", input, "--out", output, "--jobs", "1");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        using JsonDocument after = BatchFixture.Report(output);
        Assert.Equal(
            notStarted.Order(StringComparer.Ordinal),
            after.RootElement.GetProperty("documents").EnumerateArray().Where(d => d.GetProperty("thisRun").GetBoolean()).Select(d => d.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Batch_ManifestWrittenBeforePageCounts_CountsFromTheOutputsWithoutRedoing()
    {
        // A manifest an earlier version wrote: flat page counts, no mixed pages. The re-run must neither redo the documents nor
        // report the old counts (the caption page is mixed), and journals the counts once.
        string input = Path.Combine(_scratch, "in");
        string output = Path.Combine(_scratch, "out");
        BatchFixture.Copy("pdfs/gen_scan_with_caption.pdf", input);
        await File.WriteAllTextAsync(Path.Combine(input, "notes.txt"), "Plain text passes through.\n");
        CliResult first = await BatchFixture.RunAsync("batch", input, "--out", output);
        Assert.True(first.ExitCode == 0, first.ToString());
        string journal = Path.Combine(output, ".docassist", "manifest.jsonl");
        var old = new List<string>();
        foreach (string line in await File.ReadAllLinesAsync(journal))
        {
            var record = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            record.Remove("pageCounts");
            record["pages"] = 1;
            record["textLayerPages"] = 0;
            record["ocrPages"] = 0;
            record["emptyPages"] = 0;
            record["meanConfidence"] = null;
            old.Add(record.ToJsonString());
        }

        await File.WriteAllLinesAsync(journal, old);

        CliResult again = await BatchFixture.RunAsync("batch", input, "--out", output);

        Assert.True(again.ExitCode == 0, again.ToString());
        using JsonDocument report = BatchFixture.Report(output);
        JsonElement[] rows = [.. report.RootElement.GetProperty("documents").EnumerateArray()];
        Assert.All(rows, d => Assert.False(d.GetProperty("thisRun").GetBoolean(), d.ToString()));
        JsonElement caption = Row(rows, "gen_scan_with_caption.pdf");
        Assert.Equal((1, 1), (caption.GetProperty("pages").GetInt32(), caption.GetProperty("mixedPages").GetInt32()));
        Assert.Equal(JsonValueKind.Number, caption.GetProperty("meanConfidence").ValueKind);
        Assert.Equal(1, Row(rows, "notes.txt").GetProperty("textLayerPages").GetInt32());
        Assert.All(BatchFixture.Manifest(output).Values, r => Assert.Equal(JsonValueKind.Object, r.GetProperty("pageCounts").ValueKind));
    }

    private static JsonElement Row(JsonElement[] rows, string path) => rows.Single(d => d.GetProperty("path").GetString() == path);
}
