using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;
using DocAssist.Pdf;

namespace DocAssist.Bench;

/// <summary>ask: building the passage index (pages/s), BM25 retrieval latency over a 10,000-page index, and recall@5 on the QA set.</summary>
internal static partial class AskSuite
{
    private const int PagesPerDocument = 50;

    public static async Task RunAsync(BenchContext ctx)
    {
        int target = ctx.Smoke ? 300 : 10_000;
        List<string> pageTexts = await CorpusPagesAsync(ctx);
        ctx.Log($"ask: index of {target} pages from {pageTexts.Count} distinct real pages");

        // Real pages cycled into documents of 50 pages, each document with its own name, as `ask DIR --index` would hold them.
        var documents = new List<Document>();
        for (int start = 0, n = 0; start < target; start += PagesPerDocument, n++)
        {
            int count = Math.Min(PagesPerDocument, target - start);
            documents.Add(new Document
            {
                File = string.Create(CultureInfo.InvariantCulture, $"corpus/doc{n:D4}.pdf"),
                Kind = DocumentKind.Pdf,
                Pages = [.. Enumerable.Range(0, count).Select(i => new Page { Number = i + 1, Text = pageTexts[(start + i) % pageTexts.Count], Source = PageSource.TextLayer })],
            });
        }

        string indexDir = Path.Combine(ctx.Work, "ask-index");
        if (Directory.Exists(indexDir))
        {
            Directory.Delete(indexDir, recursive: true);
        }

        using Bm25Index index = Bm25Index.Open(indexDir);
        Cost build = await ProcessMeter.MeasureAsync(() =>
        {
            foreach (Document d in documents)
            {
                IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(d);
                index.Upsert(d, ContentHash.OfText(d.File), passages);
            }

            return Task.CompletedTask;
        }, includeSelf: true);
        Report r = ctx.Report;
        r.Measurements.Add(new("ask", "index build (chunk + BM25 index on disk)", $"{target} pages in {documents.Count} documents", target, build with { PeakRssBytes = 0 },
            Note: $"{index.PassageCount} passages; text already extracted"));

        // Latency of the retrieval `ask` does without an embedding model: BM25 top 5, each question timed alone.
        List<string> questions = Questions(ctx);
        var retriever = new Retriever(index);
        foreach (string q in questions.Take(10))
        {
            _ = await retriever.SearchAsync(q);
        }

        var latencies = new List<double>();
        Cost search = await ProcessMeter.MeasureAsync(async () =>
        {
            foreach (string q in questions)
            {
                long t0 = Stopwatch.GetTimestamp();
                _ = await retriever.SearchAsync(q);
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }, includeSelf: true);
        latencies.Sort();
        double p50 = Percentile(latencies, 0.50), p95 = Percentile(latencies, 0.95);
        r.Measurements.Add(new("ask", "retrieval, BM25 top 5", $"{questions.Count} QA questions over {target} pages", 0, search with { PeakRssBytes = 0 },
            Note: string.Create(CultureInfo.InvariantCulture, $"p50 {p50:0.00} ms, p95 {p95:0.00} ms, max {latencies[^1]:0.00} ms")));
        r.Goals.Add(new($"retrieval p95 over a {target:N0}-page index", Report.Num(p95) + " ms", $"p50 {Report.Num(p50)} ms", null, "≤ 50 ms", p95 <= 50));
        r.Goals.Add(new("index build pages/s (info)", Report.Num(target / build.Seconds, "0") + " pages/s", "–", null, "(no target)", null, "info"));

        await RecallAsync(ctx);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static List<string> Questions(BenchContext ctx)
    {
        var list = new List<string>();
        foreach (string line in File.ReadLines(Path.Combine(ctx.Testdata, "qa", "qa.jsonl")))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            list.Add(json.RootElement.GetProperty("question").GetString()!);
        }

        return ctx.Smoke ? [.. list.Take(50)] : list;
    }

    /// <summary>The text of every page of the QA documents and of the born-digital test PDFs (read in this process, no OCR).</summary>
    private static async Task<List<string>> CorpusPagesAsync(BenchContext ctx)
    {
        var extractor = new DocumentExtractor([new TextDecoder(), new PdfDocumentDecoder()], new NoOcr());
        var files = Directory.GetFiles(Path.Combine(ctx.Testdata, "qa", "docs")).Order(StringComparer.Ordinal).ToList();
        string pdfDir = Path.Combine(ctx.Testdata, "pdf");
        if (!ctx.Smoke)
        {
            files.AddRange(File.ReadLines(Path.Combine(pdfDir, "manifest.tsv")).Skip(1).Select(l => l.Split('\t'))
                .Where(f => f.Length > 1 && f[1] == "born-digital").Select(f => Path.Combine(pdfDir, f[0])));
        }

        var pages = new List<string>();
        foreach (string file in files)
        {
            try
            {
                Document d = await extractor.ExtractAsync(file, new ExtractOptions());
                pages.AddRange(d.Pages.Select(p => p.Text).Where(t => t.Trim().Length >= 200));
            }
            catch (DocAssistException)
            {
                // A test file this reader refuses is simply not part of the corpus.
            }
        }

        return pages;
    }

    /// <summary>recall@5 from the retrieval evaluation tool (whole-folder index, as `ask DIR`).</summary>
    private static async Task RecallAsync(BenchContext ctx)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "DocAssist.RetrievalEval.dll");
        ctx.Log("ask: recall@5 on the QA set");
        ProcessOutput o = await ProcessMeter.RunAsync("dotnet", [tool, Path.Combine(ctx.Testdata, "qa")]);
        Match folder = WholeFolder().Match(o.Stdout);
        Match single = PerDocument().Match(o.Stdout);
        string recall = folder.Success ? folder.Groups[1].Value : "?";
        ctx.Report.Measurements.Add(new("ask", "recall@5 (bench/DocAssist.RetrievalEval)", "QA set", 0, null,
            Note: $"whole-folder index (ask DIR) {recall} %, per-document index (ask FILE) {(single.Success ? single.Groups[1].Value : "?")} %"));
        ctx.Report.Goals.Add(new("recall@5 on the QA set, whole-folder index (info)", recall + " %", "–", null, "(no target)", null, "info"));
    }

    [GeneratedRegex(@"\(ask DIR\):\s+([\d.]+)%")]
    private static partial Regex WholeFolder();

    [GeneratedRegex(@"\(ask FILE\):\s+([\d.]+)%")]
    private static partial Regex PerDocument();

    private sealed class NoOcr : IPageRecognizer
    {
        public int Concurrency => 1;

        public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) =>
            throw new OcrException("the corpus is built from text layers only");
    }
}
