using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr;
using DocAssist.Ocr.Imaging;
using DocAssist.Pdf;

namespace DocAssist.Cli.Extraction;

/// <summary>Extracts documents in this process; the OCR engine pool is created on the first page that needs it and reused.</summary>
/// <remarks>Thread-safe. Used by worker processes, and directly with <c>--in-process</c>.</remarks>
internal sealed class InProcessExtractor : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tessdata, string Languages, int Jobs), OcrEnginePool> _pools = [];

    public async Task<Document> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        var extractor = new DocumentExtractor(
            [new TextDecoder(), new PdfDocumentDecoder(), new ImageDocumentDecoder()],
            new LazyRecognizer(this, options));
        return await extractor.ExtractAsync(path, options, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (OcrEnginePool pool in _pools.Values)
            {
                pool.Dispose();
            }

            _pools.Clear();
        }
    }

    private OcrEnginePool Pool(ExtractOptions options)
    {
        string tessdata = TessdataLocator.Resolve(options.TessdataPath);
        var key = (tessdata, options.Languages, options.Jobs);
        lock (_gate)
        {
            // Pools live as long as this extractor: documents in flight may still be using one.
            if (!_pools.TryGetValue(key, out OcrEnginePool? pool))
            {
                pool = new OcrEnginePool(tessdata, options.Languages, options.Jobs, options);
                _pools[key] = pool;
            }

            return pool;
        }
    }

    /// <summary>Defers engine creation until a page really needs OCR, so text-only inputs never load Tesseract.</summary>
    private sealed class LazyRecognizer(InProcessExtractor owner, ExtractOptions options) : IPageRecognizer
    {
        public int Concurrency => Math.Max(1, options.Jobs);

        public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) =>
            owner.Pool(options).RecognizeAsync(image, cancellationToken);
    }
}
