using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Pdf;

namespace DocAssist.Bench;

/// <summary>Born-digital PDF text extraction: docassist (whole process, and the library in this process) vs pdftotext, on one PDF of 300+ pages.</summary>
internal static class BornDigitalSuite
{
    public static async Task RunAsync(BenchContext ctx)
    {
        string pdf = await BuildAsync(ctx);
        int pages = await ScannedInputs.PageCountAsync(pdf);
        string input = $"{Path.GetFileName(pdf)} ({pages} pages)";
        string dir = ctx.Scratch("born-digital");
        ctx.Log($"born-digital: {input}");
        Report r = ctx.Report;

        (Cost pdftotext, _) = await ctx.BestOfAsync(() => ProcessMeter.RunAsync("pdftotext", ["-enc", "UTF-8", pdf, Path.Combine(dir, "pdftotext.txt")]));
        r.Measurements.Add(new("born-digital", "pdftotext", input, pages, pdftotext, Note: "whole process"));

        // Plain text to a file, as pdftotext writes it.
        (Cost whole, _) = await ctx.BestOfAsync(() => ctx.RunDocAssistAsync(["extract", "--jobs", ctx.JobsText, pdf], stdoutFile: Path.Combine(dir, "docassist.txt")));
        r.Measurements.Add(new("born-digital", $"docassist extract --jobs {ctx.Jobs}", input, pages, whole, Note: "whole process: start-up, worker process, text to a file"));

        // The library alone, warmed up: what a long-running host (or batch) pays per page.
        var extractor = new DocumentExtractor([new TextDecoder(), new PdfDocumentDecoder()], new RefuseOcr());
        _ = await extractor.ExtractAsync(Sources(ctx)[^1], new ExtractOptions());
        (Cost inProcess, Document document) = await ctx.BestOfAsync(() => extractor.ExtractAsync(pdf, new ExtractOptions()), includeSelf: true);
        int textPages = document.Pages.Count(p => p.Source == PageSource.TextLayer);
        r.Measurements.Add(new("born-digital", "docassist library, in process", input, pages, inProcess with { PeakRssBytes = 0 },
            Note: $"warm, no process start-up; {textPages} of {document.Pages.Count} pages from the text layer"));

        double da = pages / whole.Seconds, reference = pages / pdftotext.Seconds;
        r.Goals.Add(new("born-digital pages/s vs pdftotext (whole process)", Report.Num(da) + " pages/s", Report.Num(reference) + " pages/s", da / reference, "≥ 0.5×", da / reference >= 0.5));
        double lib = pages / inProcess.Seconds;
        r.Goals.Add(new("born-digital pages/s vs pdftotext (library in process, info)", Report.Num(lib) + " pages/s", Report.Num(reference) + " pages/s", lib / reference, "(≥ 0.5×)", null, lib / reference >= 0.5 ? "above" : "below"));
    }

    /// <summary>The born-digital PDFs to build from: the shared data's 55-page and 41-page reports, or (a smaller data folder) every PDF in <c>pdf/</c>.</summary>
    public static List<string> Sources(BenchContext ctx)
    {
        string dir = Path.Combine(ctx.Testdata, "pdf");
        string a = Path.Combine(dir, "pdfjs_pdkids.pdf");
        string b = Path.Combine(dir, "usgov_GSA2022.pdf");
        return File.Exists(a) && File.Exists(b) ? [a, b] : [.. Directory.GetFiles(dir, "*.pdf").Order(StringComparer.Ordinal)];
    }

    /// <summary>Concatenates born-digital PDFs of the test data into one of 300+ pages (smoke: the first 20 pages, or all there are) with qpdf.</summary>
    private static async Task<string> BuildAsync(BenchContext ctx)
    {
        string dir = ctx.Scratch("born-digital");
        List<string> sources = Sources(ctx);
        string output = Path.Combine(dir, ctx.Smoke ? "born-digital-smoke.pdf" : "born-digital-384.pdf");
        if (!File.Exists(output))
        {
            List<string> pages = ctx.Smoke
                ? [.. sources.SelectMany(s => new[] { s, "1-z" })]
                : [.. Enumerable.Repeat(sources, 4).SelectMany(x => x)];
            await ProcessMeter.RunAsync("qpdf", ["--empty", "--pages", .. pages, "--", output]);
        }

        return output;
    }

    private sealed class RefuseOcr : IPageRecognizer
    {
        public int Concurrency => 1;

        public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) =>
            throw new OcrException("a born-digital page should need no OCR");
    }
}
