using System.Globalization;

namespace DocAssist.Bench;

/// <summary>Peak memory (summed RSS of docassist and its worker) for a long scanned PDF, a short prefix of it, and a batch of small files.</summary>
internal static class MemorySuite
{
    public const double LimitMb = 400;

    public static async Task RunAsync(BenchContext ctx)
    {
        await ScannedPdfAsync(ctx);
        await SmallFilesAsync(ctx);
    }

    private static async Task ScannedPdfAsync(BenchContext ctx)
    {
        // Typewritten diary and catalogue pages of about 1600×2000 pixels, the size of an ordinary office scan.
        string ocrDir = Path.Combine(ctx.Testdata, "ocr");
        List<string> sources = ctx.Smoke
            ? [.. OcrSuite.DevPages(ctx).Select(p => p.Path)]
            : [.. Directory.GetFiles(ocrDir, "tapus_FRAN_*_L-medium.jpg").Order(StringComparer.Ordinal)];
        string lang = ctx.Smoke ? "eng" : "fra";
        int longCount = ctx.Smoke ? 6 : 500, shortCount = ctx.Smoke ? 2 : 50;
        string dir = ctx.Scratch("memory");
        string longPdf = await ScannedInputs.BuildPdfAsync(ctx, Cycle(sources, longCount), Path.Combine(dir, $"scanned-{longCount}.pdf"));
        string shortPdf = await ScannedInputs.BuildPdfAsync(ctx, Cycle(sources, shortCount), Path.Combine(dir, $"scanned-{shortCount}.pdf"));

        var peaks = new Dictionary<int, Cost>();
        foreach ((int count, string pdf) in new[] { (shortCount, shortPdf), (longCount, longPdf) })
        {
            ctx.Log($"memory: scanned PDF of {count} pages");
            string json = Path.Combine(dir, $"scanned-{count}.json");
            Cost cost = await ProcessMeter.MeasureAsync(() =>
                ctx.RunDocAssistAsync(["extract", "--jobs", ctx.JobsText, "--lang", lang, "--tessdata", ctx.Tessdata, "--json", pdf], stdoutFile: json));
            (int text, int ocr, int none) = OcrSuite.CountSources(await File.ReadAllTextAsync(json));
            peaks[count] = cost;
            ctx.Report.Measurements.Add(new("memory", $"docassist extract --jobs {ctx.Jobs}", $"scanned PDF, {count} pages ({sources.Count} page images cycled)", count, cost,
                Note: $"peak RSS = docassist + worker, summed; {ocr} OCR, {text} text-layer, {none} empty pages"));
        }

        double longMb = peaks[longCount].PeakRssMb, shortMb = peaks[shortCount].PeakRssMb;
        ctx.Report.Goals.Add(new($"peak RSS, scanned PDF of {longCount} pages", Report.Num(longMb, "0") + " MB", $"limit {LimitMb:0} MB", null, $"≤ {LimitMb:0} MB", longMb <= LimitMb));
        ctx.Report.Goals.Add(new($"peak RSS flat in page count ({longCount} vs {shortCount} pages)", Report.Num(longMb, "0") + " MB", Report.Num(shortMb, "0") + " MB",
            longMb / shortMb, "≤ 1.25×", longMb / shortMb <= 1.25));
    }

    private static async Task SmallFilesAsync(BenchContext ctx)
    {
        int count = ctx.Smoke ? 12 : 500;
        string dir = ctx.Scratch("small-files");
        string inputs = await BuildSmallFilesAsync(ctx, Path.Combine(dir, "in"), count);
        string[] files = [.. Directory.GetFiles(inputs).Order(StringComparer.Ordinal)];
        string input = $"{files.Length} small files (⅓ text, ⅓ one-page born-digital PDFs, ⅓ small scans)";
        ctx.Log($"memory: {input}");

        string outDir = Path.Combine(dir, "extract-out");
        Cost extract = await ProcessMeter.MeasureAsync(() =>
            ctx.RunDocAssistAsync(["extract", "--jobs", ctx.JobsText, "--tessdata", ctx.Tessdata, "-o", outDir, .. files], stdoutFile: Path.Combine(dir, "extract.log")));
        ctx.Report.Measurements.Add(new("memory", $"docassist extract --jobs {ctx.Jobs} -o DIR FILES…", input, files.Length, extract, Note: "pages/s here = files/s"));

        ProcessOutput help = await ctx.RunDocAssistAsync(["--help"], check: false);
        if (!help.Stdout.Contains("batch", StringComparison.Ordinal))
        {
            const string pending = "pending: needs batch";
            ctx.Report.Measurements.Add(new("memory", $"docassist batch --jobs {ctx.Jobs} IN_DIR OUT_DIR", input, files.Length, null, Note: pending));
            ctx.Report.Goals.Add(new($"peak RSS, batch of {files.Length} small files", pending, $"limit {LimitMb:0} MB", null, $"≤ {LimitMb:0} MB", null,
                $"{pending}; extract -o of the same files: {Report.Num(extract.PeakRssMb, "0")} MB"));
            return;
        }

        // batch resumes where an earlier run stopped: start from an empty output folder so every file is read.
        string batchOut = Path.Combine(dir, "batch-out");
        if (Directory.Exists(batchOut))
        {
            Directory.Delete(batchOut, recursive: true);
        }

        Cost batch = await ProcessMeter.MeasureAsync(() =>
            ctx.RunDocAssistAsync(["batch", "--jobs", ctx.JobsText, "--tessdata", ctx.Tessdata, inputs, "--out", batchOut], stdoutFile: Path.Combine(dir, "batch.log")));
        ctx.Report.Measurements.Add(new("memory", $"docassist batch --jobs {ctx.Jobs}", input, files.Length, batch, Note: "pages/s here = files/s"));
        ctx.Report.Goals.Add(new($"peak RSS, batch of {files.Length} small files", Report.Num(batch.PeakRssMb, "0") + " MB", $"limit {LimitMb:0} MB", null, $"≤ {LimitMb:0} MB", batch.PeakRssMb <= LimitMb));
    }

    private static List<string> Cycle(List<string> items, int count) => [.. Enumerable.Range(0, count).Select(i => items[i % items.Count])];

    /// <summary>Small text files (QA articles), one-page born-digital PDFs (split from a report) and small scans (the phototest pages), in turn.</summary>
    private static async Task<string> BuildSmallFilesAsync(BenchContext ctx, string dir, int count)
    {
        if (Directory.Exists(dir) && Directory.GetFiles(dir).Length == count)
        {
            return dir;
        }

        Directory.CreateDirectory(dir);
        string[] texts = [.. Directory.GetFiles(Path.Combine(ctx.Testdata, "qa", "docs"), "*.txt").Order(StringComparer.Ordinal)];
        string split = ctx.Scratch("small-files-split");
        string source = BornDigitalSuite.Sources(ctx)[^1];
        await ProcessMeter.RunAsync("qpdf", ["--split-pages", source, Path.Combine(split, "page-%d.pdf")]);
        string[] pdfs = [.. Directory.GetFiles(split, "*.pdf").Order(StringComparer.Ordinal)];
        string[] scans = [.. Directory.GetFiles(Path.Combine(ctx.Testdata, "ocr"), "tess_phototest*").Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        for (int i = 0; i < count; i++)
        {
            string from = (i % 3) switch
            {
                0 => texts[i / 3 % texts.Length],
                1 => pdfs[i / 3 % pdfs.Length],
                _ => scans[i / 3 % scans.Length],
            };
            File.Copy(from, Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{i:D4}-{Path.GetFileName(from)}")), overwrite: true);
        }

        return dir;
    }
}
