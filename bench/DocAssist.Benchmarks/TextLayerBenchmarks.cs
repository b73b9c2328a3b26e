using BenchmarkDotNet.Attributes;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Pdf;

namespace DocAssist.Benchmarks;

/// <summary>Born-digital PDFs: judging a page's text layer, and reading a whole report page by page.</summary>
[MemoryDiagnoser]
public class TextLayerBenchmarks
{
    private const double A4Area = 595.0 * 842.0;
    private readonly PdfDocumentDecoder _decoder = new();
    private string _pdf = string.Empty;
    private string[] _pages = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _pdf = BenchInputs.Pdf("usgov_GSA2022.pdf");
        var texts = new List<string>();
        await foreach (PageContent page in _decoder.DecodeAsync(_pdf, new ExtractOptions()))
        {
            texts.Add(page.Text ?? string.Empty);
        }

        _pages = [.. texts];
    }

    /// <summary>The judgement of all 41 pages' text layers (unreadable characters, token text on a scan).</summary>
    [Benchmark]
    public int JudgeTextLayers()
    {
        int usable = 0;
        foreach (string text in _pages)
        {
            usable += TextLayerJudge.Judge(text, A4Area, 0.6).IsUsable ? 1 : 0;
        }

        return usable;
    }

    /// <summary>The whole decoder on the 41-page report: parse, text in content order, images listed, judgement.</summary>
    [Benchmark]
    public async Task<int> DecodeReport()
    {
        int pages = 0;
        await foreach (PageContent page in _decoder.DecodeAsync(_pdf, new ExtractOptions()))
        {
            pages += page.Text is null ? 0 : 1;
        }

        return pages;
    }
}
