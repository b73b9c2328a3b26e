using DocAssist.Testing;

namespace DocAssist.Bench;

/// <summary>Searchable PDF from scanned PDFs: docassist extract --searchable-pdf vs ocrmypdf -j cores, pages/s, the CER of each output's text layer and the outputs' size against the inputs'.</summary>
internal static class SearchablePdfSuite
{
    public static async Task RunAsync(BenchContext ctx)
    {
        List<EvalPage> pages = OcrSuite.DevPages(ctx);
        string dir = ctx.Scratch("searchable");
        var groups = new List<(string Lang, List<EvalPage> Pages, string Pdf)>();
        foreach (IGrouping<string, EvalPage> g in pages.GroupBy(p => p.Lang))
        {
            string pdf = await ScannedInputs.BuildPdfAsync(ctx, [.. g.Select(p => p.Path)], Path.Combine(dir, $"scanned-{g.Key}.pdf"));
            groups.Add((g.Key, [.. g], pdf));
        }

        string input = $"dev set as image-only PDFs, one per language ({pages.Count} pages)";
        ctx.Log($"searchable PDF: {pages.Count} pages");
        Report r = ctx.Report;
        const string goal = "searchable PDF pages/s vs ocrmypdf -j cores";

        long inputBytes = groups.Sum(g => new FileInfo(g.Pdf).Length);
        (Cost Cost, double Cer, long Bytes)? ocrmypdf = null;
        if (ProcessMeter.IsInstalled("ocrmypdf"))
        {
            Dictionary<string, string?> env = BenchContext.CleanEnvironment();
            env["TESSDATA_PREFIX"] = ctx.OcrmypdfTessdata();
            ocrmypdf = await MeasureAsync(ctx, groups, (lang, pdf, output) =>
                ProcessMeter.RunAsync("ocrmypdf", ["-j", ctx.JobsText, "-l", lang, "-q", pdf, output], env));
            r.Measurements.Add(new("searchable PDF", $"ocrmypdf -j {ctx.Jobs}", input, pages.Count, ocrmypdf.Value.Cost, ocrmypdf.Value.Cer, Note: Note(ocrmypdf.Value.Bytes, inputBytes)));
        }
        else
        {
            OcrSuite.Missing(ctx, "searchable PDF", $"ocrmypdf -j {ctx.Jobs}", input, "ocrmypdf", goal, "–");
        }

        ProcessOutput help = await ctx.RunDocAssistAsync(["extract", "--help"], check: false);
        if (!help.Stdout.Contains("--searchable-pdf", StringComparison.Ordinal))
        {
            const string pending = "pending: needs batch";
            r.Measurements.Add(new("searchable PDF", $"docassist extract --jobs {ctx.Jobs} --searchable-pdf OUT.pdf IN.pdf", input, pages.Count, null,
                Note: pending + " (this build of docassist has no --searchable-pdf; the harness runs it as soon as it has)"));
            r.Goals.Add(new(goal, pending, ocrmypdf is { } o ? Report.Num(pages.Count / o.Cost.Seconds) + " pages/s" : "–", null, "≥ 1.8×", null, pending));
            r.Goals.Add(new("searchable PDF text-layer CER vs ocrmypdf", pending, ocrmypdf is { } o2 ? Report.Pct(o2.Cer) + " %" : "–", null, "(no target)", null, pending));
            return;
        }

        (Cost Cost, double Cer, long Bytes) da = await MeasureAsync(ctx, groups, async (lang, pdf, output) =>
        {
            ProcessOutput o = await ctx.RunDocAssistAsync(
                ["extract", "--jobs", ctx.JobsText, "--lang", lang, "--tessdata", ctx.Tessdata, "--searchable-pdf", output, pdf], stdoutFile: output + ".txt");
            return o;
        });
        r.Measurements.Add(new("searchable PDF", $"docassist extract --jobs {ctx.Jobs} --searchable-pdf", input, pages.Count, da.Cost, da.Cer, Note: Note(da.Bytes, inputBytes)));
        if (ocrmypdf is { } reference)
        {
            r.Goals.Add(OcrSuite.Ratio(goal, pages.Count / da.Cost.Seconds, pages.Count / reference.Cost.Seconds, 1.8));
            r.Goals.Add(new("searchable PDF text-layer CER vs ocrmypdf (info)", Report.Pct(da.Cer) + " %", Report.Pct(reference.Cer) + " %", null, "(no target)", null, da.Cer <= reference.Cer ? "lower" : "higher"));
            r.Goals.Add(new("searchable PDF output size vs ocrmypdf (info)", Megabytes(da.Bytes), Megabytes(reference.Bytes), (double)da.Bytes / reference.Bytes, "(no target)", null, da.Bytes <= reference.Bytes ? "smaller" : "larger"));
        }
    }

    private static string Note(long outputBytes, long inputBytes) =>
        $"CER of the output's text layer (pdftotext -raw); output {Megabytes(outputBytes)} for {Megabytes(inputBytes)} of input";

    private static string Megabytes(long bytes) => Report.Num(bytes / 1e6) + " MB";

    private static async Task<(Cost Cost, double Cer, long Bytes)> MeasureAsync(
        BenchContext ctx, List<(string Lang, List<EvalPage> Pages, string Pdf)> groups, Func<string, string, string, Task<ProcessOutput>> run)
    {
        string dir = ctx.Scratch("searchable");
        var outputs = groups.Select(g => Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(g.Pdf)}.{Guid.NewGuid():N}.out.pdf")).ToList();
        (Cost cost, _) = await ctx.BestOfAsync(async () =>
        {
            for (int i = 0; i < groups.Count; i++)
            {
                File.Delete(outputs[i]);
                await run(groups[i].Lang, groups[i].Pdf, outputs[i]);
            }

            return 0;
        });

        var cers = new List<double>();
        for (int i = 0; i < groups.Count; i++)
        {
            string[] layer = await ScannedInputs.TextLayerAsync(outputs[i]);
            for (int p = 0; p < groups[i].Pages.Count; p++)
            {
                cers.Add(TextMetrics.CharacterErrorRate(groups[i].Pages[p].GroundTruth, p < layer.Length ? layer[p] : string.Empty));
            }
        }

        return (cost, cers.Average(), outputs.Sum(o => File.Exists(o) ? new FileInfo(o).Length : 0));
    }
}
