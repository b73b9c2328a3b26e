using System.Runtime.CompilerServices;
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
            return await Extractor(options, null, onPage).ExtractAsync(path, options, cancellationToken).ConfigureAwait(false);
        }

        // Each OCR'd page is rendered by the engine that read it into its own one-page PDF; they are put together in order afterwards.
        options = options with { SearchablePdf = true };
        string pagesDir = searchablePdfPath + ".pages";
        Directory.CreateDirectory(pagesDir);
        try
        {
            Document document = await Extractor(options, pagesDir, onPage).ExtractAsync(path, options, cancellationToken).ConfigureAwait(false);
            if (document.Kind is DocumentKind.Pdf or DocumentKind.Image)
            {
                SearchablePdfWriter.Write(
                    path, document.Kind, document.Pages, n => RenderedPagePath(pagesDir, n), options.Password, searchablePdfPath);
            }

            return document;
        }
        finally
        {
            TryDeleteDirectory(pagesDir);
        }
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

    internal static string RenderedPagePath(string pagesDir, int number) => Path.Combine(pagesDir, $"page-{number:D6}.pdf");

    private static PreprocessingPipeline WithDeskew(PreprocessingPipeline pipeline)
    {
        if (pipeline.Contains<DeskewStep>())
        {
            return pipeline;
        }

        // Straighten before reading: a searchable PDF's invisible words then follow the lines of the image it shows.
        var steps = pipeline.Steps.ToList();
        int grayscale = steps.FindIndex(s => s is GrayscaleStep);
        steps.Insert(grayscale + 1, new DeskewStep());
        return new PreprocessingPipeline(steps);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder; the batch removes those at its next start.
        }
    }

    private DocumentExtractor Extractor(ExtractOptions options, string? pagesDir, Action<Page>? onPage)
    {
        IDocumentDecoder[] decoders = [new TextDecoder(), new PdfDocumentDecoder(), new ImageDocumentDecoder()];
        return new DocumentExtractor(
            pagesDir is null ? decoders : decoders.Select(d => (IDocumentDecoder)new SearchablePdfDecoder(d, pagesDir)),
            new LazyRecognizer(this, options),
            onPage);
    }

    private OcrEnginePool Pool(ExtractOptions options)
    {
        string tessdata = TessdataLocator.Resolve(options.TessdataPath);

        // Pools differ by everything that shapes recognition; the password and the caller's spelling of the data folder do not.
        ExtractOptions key = options with { TessdataPath = tessdata, Password = null };
        lock (_gate)
        {
            // Pools live as long as this extractor: documents in flight may still be using one.
            if (!_pools.TryGetValue(key, out OcrEnginePool? pool))
            {
                var defaults = new OcrOptions();
                var ocrOptions = new OcrOptions
                {
                    PageTimeout = options.PageTimeout,
                    Preprocessing = options.SearchablePdf ? WithDeskew(defaults.Preprocessing) : defaults.Preprocessing,
                };
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

    /// <summary>Asks for OCR'd pages to be rendered as searchable PDF pages.</summary>
    private sealed class SearchablePdfDecoder(IDocumentDecoder inner, string pagesDir) : IDocumentDecoder
    {
        public bool CanDecode(DocumentKind kind) => inner.CanDecode(kind);

        public async IAsyncEnumerable<PageContent> DecodeAsync(
            string path, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (PageContent content in inner.DecodeAsync(path, options, cancellationToken).ConfigureAwait(false))
            {
                // A mixed page keeps its original in the searchable PDF (its text layer is real): only OCR'd pages are rendered.
                yield return content.Image is not { } image || content.Text is not null
                    ? content
                    : content with { Image = image with { SearchablePdfPath = RenderedPagePath(pagesDir, content.Number) } };
            }
        }
    }
}
