using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using DocAssist.Testing;

namespace DocAssist.Bench;

/// <summary>
/// OCR throughput and accuracy on the dev set (the pages the preprocessing was tuned on) and on the held-out set (pages it never saw):
/// docassist extract vs the tesseract command (one page after another, and one process per core) vs ocrmypdf.
/// </summary>
internal static class OcrSuite
{
    public static async Task RunAsync(BenchContext ctx)
    {
        List<EvalPage> dev = DevPages(ctx);
        List<EvalPage> heldOut = HeldOutPages(ctx);
        string devInput = ctx.Smoke ? $"dev set, first {dev.Count} pages" : $"dev set ({dev.Count} pages)";
        string heldOutInput = ctx.Smoke ? $"held-out set, first {heldOut.Count} pages" : $"held-out set ({heldOut.Count} pages)";
        Report r = ctx.Report;

        (Cost da, Cost par, double daCer, double parCer, double daWer) = await MeasureSetAsync(ctx, dev, devInput, sequential: true);
        (Cost daHeld, Cost parHeld, double daHeldCer, double parHeldCer, _) = await MeasureSetAsync(ctx, heldOut, heldOutInput, sequential: false);

        // Speed over both sets together (50 pages: start-up and the last page's tail weigh as they would on a real folder).
        int pages = dev.Count + heldOut.Count;
        r.Goals.Add(Ratio("OCR pages/s vs tesseract (b) one process per core, both sets", pages / (da.Seconds + daHeld.Seconds), pages / (par.Seconds + parHeld.Seconds), 1.3));
        r.Goals.Add(new("OCR CER on the dev set vs tesseract (b)", Report.Pct(daCer) + " %", Report.Pct(parCer) + " %", daCer / parCer, "≤ 1×", daCer <= parCer + 1e-9));
        r.Goals.Add(new(
            "OCR CER on held-out pages (not used for tuning) vs tesseract (b)", Report.Pct(daHeldCer) + " %", Report.Pct(parHeldCer) + " %", daHeldCer / parHeldCer, "≤ 0.8×",
            daHeldCer <= 0.8 * parHeldCer + 1e-9));

        await OcrmypdfAccuracyAsync(ctx, dev, devInput, daCer, daWer);
    }

    /// <summary>Measures docassist and the tesseract command on one set of pages, interleaved, best of the context's repeats.</summary>
    private static async Task<(Cost Da, Cost Par, double DaCer, double ParCer, double DaWer)> MeasureSetAsync(BenchContext ctx, List<EvalPage> pages, string input, bool sequential)
    {
        ctx.Log($"OCR: {input}, {ctx.Jobs} jobs, best of {ctx.Repeat}");

        // Interleave the tools in each round so a burst of load from other work on the machine does not fall on one tool only.
        Cost? da = null, seq = null, par = null;
        Dictionary<string, string> daText = [], seqText = [], parText = [];
        for (int round = 0; round < Math.Max(1, ctx.Repeat); round++)
        {
            (Cost c, Dictionary<string, string> t) = await MeasureAsync(() => DocAssistAsync(ctx, pages));
            (da, daText) = Better(da, daText, c, t);
            (c, t) = await MeasureAsync(() => TesseractAsync(ctx, pages, parallel: ctx.Jobs, threadLimit: true));
            (par, parText) = Better(par, parText, c, t);
            if (round == 0 && sequential)
            {
                // One page after another takes four times as long as the others and is far from its target: measured once, on the dev set.
                (c, t) = await MeasureAsync(() => TesseractAsync(ctx, pages, parallel: 1, threadLimit: false));
                (seq, seqText) = Better(seq, seqText, c, t);
            }
        }

        (double daCer, double daWer) = Accuracy(pages, daText);
        (double parCer, double parWer) = Accuracy(pages, parText);
        Report r = ctx.Report;
        r.Measurements.Add(new("OCR", $"docassist extract --jobs {ctx.Jobs}", input, pages.Count, da, daCer, daWer, "one run per language (eng, fra), start-up included"));
        if (seq is not null)
        {
            (double seqCer, double seqWer) = Accuracy(pages, seqText);
            r.Measurements.Add(new("OCR", "tesseract (a) one page after another", input, pages.Count, seq, seqCer, seqWer, "default threads (OpenMP); measured once"));
            r.Goals.Add(Ratio("OCR pages/s vs tesseract (a) one page after another, dev set", pages.Count / da!.Seconds, pages.Count / seq.Seconds, 1.9));
        }

        r.Measurements.Add(new("OCR", $"tesseract (b) {ctx.Jobs} processes, OMP_THREAD_LIMIT=1", input, pages.Count, par, parCer, parWer, "one process per page"));
        return (da!, par!, daCer, parCer, daWer);
    }

    /// <summary>The held-out pages (the repository's <c>testdata/ocr-heldout</c>): never used to choose or tune a preprocessing step.</summary>
    public static List<EvalPage> HeldOutPages(BenchContext ctx)
    {
        List<EvalPage> all = DevSet.Read(Path.Combine(ctx.RepoRoot, "testdata", "ocr-heldout"));
        return ctx.Smoke ? [.. all.Take(2)] : all;
    }

    public static List<EvalPage> DevPages(BenchContext ctx)
    {
        List<EvalPage> all = DevSet.Read(Path.Combine(ctx.Testdata, "ocr"));
        return ctx.Smoke ? [.. all.Take(3)] : all;
    }

    public static GoalResult Ratio(string goal, double measured, double reference, double target) =>
        new(goal, Report.Num(measured) + " pages/s", Report.Num(reference) + " pages/s", measured / reference, $"≥ {target:0.0#}×", measured / reference >= target);

    public static (double Cer, double Wer) Accuracy(List<EvalPage> pages, IReadOnlyDictionary<string, string> texts)
    {
        double cer = pages.Average(p => TextMetrics.CharacterErrorRate(p.GroundTruth, texts.GetValueOrDefault(p.Path, string.Empty)));
        double wer = pages.Average(p => TextMetrics.WordErrorRate(p.GroundTruth, texts.GetValueOrDefault(p.Path, string.Empty)));
        return (cer, wer);
    }

    private static async Task<(Cost, T)> MeasureAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        Cost cost = await ProcessMeter.MeasureAsync(async () => result = await work());
        return (cost, result);
    }

    private static (Cost, Dictionary<string, string>) Better(Cost? best, Dictionary<string, string> bestText, Cost cost, Dictionary<string, string> text) =>
        best is null || cost.Seconds < best.Seconds
            ? (cost with { PeakRssBytes = Math.Max(cost.PeakRssBytes, best?.PeakRssBytes ?? 0) }, text)
            : (best with { PeakRssBytes = Math.Max(cost.PeakRssBytes, best.PeakRssBytes) }, bestText);

    /// <summary>docassist extract, one run per language: the pages of a language go in one command, as a user would give them.</summary>
    private static async Task<Dictionary<string, string>> DocAssistAsync(BenchContext ctx, List<EvalPage> pages)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IGrouping<string, EvalPage> group in pages.GroupBy(p => p.Lang))
        {
            ProcessOutput o = await ctx.RunDocAssistAsync(
                ["extract", "--jobs", ctx.JobsText, "--lang", group.Key, "--tessdata", ctx.Tessdata, "--json", .. group.Select(p => p.Path)]);
            foreach ((string file, string text) in ParseJson(o.Stdout))
            {
                texts[file] = text;
            }
        }

        return texts;
    }

    /// <summary>Reads the documents of docassist's JSON output: <c>{"schemaVersion", "documents": [...]}</c> (docs/json.md).</summary>
    private static JsonElement.ArrayEnumerator Documents(JsonDocument doc) => doc.RootElement.GetProperty("documents").EnumerateArray();

    /// <summary>Reads docassist's JSON output as file → text.</summary>
    public static IEnumerable<(string File, string Text)> ParseJson(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        IEnumerable<JsonElement> documents = Documents(doc);
        var list = new List<(string, string)>();
        foreach (JsonElement d in documents)
        {
            string text = string.Join("\n", d.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
            list.Add((d.GetProperty("file").GetString()!, text));
        }

        return list;
    }

    /// <summary>Page sources in docassist's JSON output: how many pages were read from a text layer, by OCR, or not at all.</summary>
    public static (int TextLayer, int Ocr, int None) CountSources(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        IEnumerable<JsonElement> documents = Documents(doc);
        int text = 0, ocr = 0, none = 0;
        foreach (JsonElement p in documents.SelectMany(d => d.GetProperty("pages").EnumerateArray()))
        {
            switch (p.GetProperty("source").GetString())
            {
                case "text-layer": text++; break;
                case "ocr": ocr++; break;
                default: none++; break;
            }
        }

        return (text, ocr, none);
    }

    /// <summary>The tesseract command on each page with the page's language and the same language data; <paramref name="parallel"/> processes at once.</summary>
    private static async Task<Dictionary<string, string>> TesseractAsync(BenchContext ctx, List<EvalPage> pages, int parallel, bool threadLimit)
    {
        var texts = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, string?> env = BenchContext.CleanEnvironment();
        if (threadLimit)
        {
            env["OMP_THREAD_LIMIT"] = "1";
        }

        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (page, _) =>
        {
            ProcessOutput o = await ProcessMeter.RunAsync("tesseract", [page.Path, "stdout", "--tessdata-dir", ctx.Tessdata, "-l", page.Lang], env);
            texts[page.Path] = o.Stdout;
        });
        return new Dictionary<string, string>(texts, StringComparer.Ordinal);
    }

    /// <summary>ocrmypdf --deskew --clean on each page image (its sidecar text), one process per core, same language data.</summary>
    private static async Task OcrmypdfAccuracyAsync(BenchContext ctx, List<EvalPage> pages, string input, double daCer, double daWer)
    {
        Report r = ctx.Report;
        const string tool = "ocrmypdf --deskew --clean (sidecar text)";
        if (!ProcessMeter.IsInstalled("ocrmypdf"))
        {
            Missing(ctx, "OCR", tool, input, "ocrmypdf", "OCR CER vs ocrmypdf --deskew --clean", Report.Pct(daCer) + " %");
            return;
        }

        string dir = ctx.Scratch("ocrmypdf-pages");
        var texts = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failures = new ConcurrentBag<string>();
        Dictionary<string, string?> env = BenchContext.CleanEnvironment();
        env["TESSDATA_PREFIX"] = ctx.OcrmypdfTessdata();
        var prepared = pages.ToDictionary(p => p.Path, p => ScannedInputs.PrepareImage(ctx, p.Path));
        Cost cost = await ProcessMeter.MeasureAsync(() => Parallel.ForEachAsync(
            pages, new ParallelOptions { MaxDegreeOfParallelism = ctx.Jobs }, async (page, ct) =>
            {
                string stem = Path.Combine(dir, Path.GetFileNameWithoutExtension(page.Path));
                (string image, _) = prepared[page.Path];
                List<string> args = ["--deskew", "--clean", "-l", page.Lang, "-j", "1", "--sidecar", stem + ".txt", "--output-type", "pdf", "-q",
                    "--image-dpi", ScannedInputs.EffectiveDpi(page.Path).ToString(CultureInfo.InvariantCulture)];

                ProcessOutput o = await ProcessMeter.RunAsync("ocrmypdf", [.. args, image, stem + ".pdf"], env, check: false);
                if (o.ExitCode == 0 && File.Exists(stem + ".txt"))
                {
                    texts[page.Path] = await File.ReadAllTextAsync(stem + ".txt", ct);
                }
                else
                {
                    failures.Add($"{Path.GetFileName(page.Path)} (exit {o.ExitCode}: {o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()})");
                }
            }));
        (double cer, double wer) = Accuracy(pages, texts);
        string note = failures.IsEmpty ? "one process per core, -j 1 each" : $"failed pages count as unread: {string.Join("; ", failures)}";
        r.Measurements.Add(new("OCR", tool, input, pages.Count, cost, cer, wer, note));
        r.Goals.Add(new("OCR CER vs ocrmypdf --deskew --clean (info)", Report.Pct(daCer) + " %", Report.Pct(cer) + " %", null, "(no target)", null, daCer <= cer ? "lower" : "higher"));
        r.Goals.Add(new("OCR WER: docassist vs ocrmypdf --deskew --clean (info)", Report.Pct(daWer) + " %", Report.Pct(wer) + " %", null, "(no target)", null, daWer <= wer ? "lower" : "higher"));
    }

    /// <summary>Records a tool that is not installed: allowed in smoke mode only.</summary>
    public static void Missing(BenchContext ctx, string section, string tool, string input, string command, string goal, string measured)
    {
        if (!ctx.Smoke)
        {
            throw new InvalidOperationException($"{command} is not installed; bench/run.sh installs it (DOCASSIST_EXTRA_PACKAGES).");
        }

        ctx.Report.Measurements.Add(new(section, tool, input, 0, null, Note: $"{command}: not installed"));
        ctx.Report.Goals.Add(new(goal, measured, "not installed", null, "–", null, $"{command}: not installed"));
    }
}
