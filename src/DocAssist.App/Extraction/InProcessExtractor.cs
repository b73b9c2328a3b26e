using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr;
using DocAssist.Ocr.Imaging;
using DocAssist.Pdf;

namespace DocAssist.App.Extraction;

/// <summary>Extracts documents in this process; the OCR engine pool is created on the first page that needs it and reused.</summary>
/// <remarks>Thread-safe. Used by worker processes, and directly with <c>--in-process</c>.</remarks>
internal sealed class InProcessExtractor : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ExtractOptions, OcrEnginePool> _pools = [];

    public Task<Document> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default) =>
        ExtractAsync(path, options, null, null, cancellationToken);

    /// <summary>Extracts one document.</summary>
    /// <param name="path">The input.</param>
    /// <param name="options">The extraction options.</param>
    /// <param name="searchablePdfPath">Where to write a searchable PDF of a PDF or image input (the caller renames it into place), or <see langword="null"/>.</param>
    /// <param name="onPage">Called with each page as soon as it is finished (see <see cref="DocumentExtractor"/>).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The document.</returns>
    public async Task<Document> ExtractAsync(
        string path, ExtractOptions options, string? searchablePdfPath, Action<Page>? onPage, CancellationToken cancellationToken = default)
    {
        if (searchablePdfPath is null)
        {
            return await Extractor(options, onPage).ExtractAsync(path, options, cancellationToken).ConfigureAwait(false);
        }

        // The text layer is laid out from the words' boxes; they are dropped afterwards unless the caller asked for them.
        bool keepWords = options.IncludeWords;
        ExtractOptions withWords = options with { IncludeWords = true };
        Action<Page>? report = onPage is null || keepWords ? onPage : page => onPage(page with { Words = [] });
        Document document = await Extractor(withWords, report).ExtractAsync(path, withWords, cancellationToken).ConfigureAwait(false);
        if (document.Kind is DocumentKind.Pdf or DocumentKind.Image)
        {
            OriginalPageImages? images = document.Kind == DocumentKind.Image ? new OriginalPageImages(path, options.MaxImagePixels) : null;
            IReadOnlyDictionary<int, string> problems = SearchablePdfWriter.Write(
                path, document.Kind, document.Pages, images is null ? null : images.For, options.Password, searchablePdfPath, cancellationToken);
            document = WithWarnings(document, problems);
        }

        return keepWords ? document : document with { Pages = [.. document.Pages.Select(p => p.Words.Count == 0 ? p : p with { Words = [] })] };
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

    // The writer's warnings join the pages' own and the document's list, as the extraction's do.
    private static Document WithWarnings(Document document, IReadOnlyDictionary<int, string> problems)
    {
        if (problems.Count == 0)
        {
            return document;
        }

        Page[] pages = [.. document.Pages.Select(p => problems.TryGetValue(p.Number, out string? w) ? p with { Warnings = [.. p.Warnings, w] } : p)];
        return document with { Pages = pages, Warnings = [.. document.Warnings, .. problems.Select(p => $"page {p.Key}: {p.Value}")] };
    }

    private DocumentExtractor Extractor(ExtractOptions options, Action<Page>? onPage) =>
        new([new TextDecoder(), new PdfDocumentDecoder(), new ImageDocumentDecoder()], new LazyRecognizer(this, options), onPage);

    private OcrEnginePool Pool(ExtractOptions options)
    {
        string tessdata = TessdataLocator.Resolve(options.TessdataPath);

        // Pools differ by everything that shapes recognition; the password, the caller's spelling of the data folder and whether
        // words are kept do not (a page that needs its words says so itself: PageImage.NeedsWords).
        ExtractOptions key = options with { TessdataPath = tessdata, Password = null, IncludeWords = false };
        lock (_gate)
        {
            // Pools live as long as this extractor: documents in flight may still be using one.
            if (!_pools.TryGetValue(key, out OcrEnginePool? pool))
            {
                var ocrOptions = new OcrOptions { PageTimeout = options.PageTimeout };
                pool = new OcrEnginePool(tessdata, options.Languages, options.Jobs, key, ocrOptions);
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
