using BenchmarkDotNet.Attributes;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;

namespace DocAssist.Benchmarks;

/// <summary>Encoded page image to the 8-bit gray buffer Tesseract reads: header check, decode, conversion.</summary>
[MemoryDiagnoser]
public class ImageToGrayBenchmarks
{
    private byte[] _data = [];

    [Params(
        "ehri_EHRI-DR-19390125-US_02.jpg",
        "tapus_2020601_https_1914_1918_europeana_eu_contributions_21574.pdf_page_8.png",
        "unlv_8071_093.3B.tif")]
    public string Page { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup() => _data = File.ReadAllBytes(BenchInputs.Ocr(Page));

    [Benchmark]
    public int DecodeToGray()
    {
        DecodedPage decoded = PageImageLoader.DecodePage(new PageImage { Data = _data, Origin = Page }, long.MaxValue);
        using PreprocessContext context = decoded.ToContext();
        return context.AsGray().Pixels.Length;
    }
}
