using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;
using DocAssist.Pdf;

namespace DocAssist.Benchmarks;

/// <summary>ask's text path: chunking a report into passages, and a BM25 search over a 2,000-page index.</summary>
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private Document _report = null!;
    private Bm25Index _index = null!;
    private string[] _questions = [];
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        var pages = new List<Page>();
        await foreach (PageContent page in new PdfDocumentDecoder().DecodeAsync(BenchInputs.Pdf("usgov_GSA2022.pdf"), new ExtractOptions()))
        {
            pages.Add(new Page { Number = page.Number, Text = page.Text ?? string.Empty, Source = PageSource.TextLayer });
        }

        _report = new Document { File = "usgov_GSA2022.pdf", Kind = DocumentKind.Pdf, Pages = pages };
        _index = Bm25Index.OpenInMemory();
        for (int copy = 0; copy < 2000 / pages.Count; copy++)
        {
            Document d = _report with { File = $"copy{copy}.pdf" };
            _index.Upsert(d, d.File, Chunker.ForRetrieval(d));
        }

        _questions = [.. File.ReadLines(Path.Combine(BenchInputs.Testdata, "qa", "qa.jsonl")).Take(200)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!)];
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    /// <summary>The 41-page report into ~160-token passages with overlap.</summary>
    [Benchmark]
    public int ChunkReport() => Chunker.ForRetrieval(_report).Count;

    /// <summary>One question (cycling through 200 QA questions) against the index, top 5.</summary>
    [Benchmark]
    public int Search() => _index.Search(_questions[_next++ % _questions.Length], Retriever.DefaultTopK).Count;
}
