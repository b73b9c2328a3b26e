// Over 400 lines on purpose: the per-page decision (text layer, mixed page, embedded image, rendered page) and the frame it
// works in read best in one place; the layout, form values and rasterizer it calls live in their own files.
using System.Runtime.CompilerServices;
using System.Text;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.SystemFonts;
using UglyToad.PdfPig.Tokens;
using Page = UglyToad.PdfPig.Content.Page;
using Word = DocAssist.Core.Model.Word;

namespace DocAssist.Pdf;

/// <summary>Reads PDF files page by page with PdfPig: a real text layer is kept, other pages become images to OCR.</summary>
/// <remarks>
/// <para>
/// Each page is judged on its own. A page whose text layer is real text yields that text (and its words when
/// asked). A page without text, or whose text layer is unreadable or only a token on a scanned page, yields an
/// image: the embedded scan itself when the page is one image (JPEG and JPEG 2000 bytes are handed on as they
/// are, other images as PNG), otherwise the page rendered by poppler's <c>pdftoppm</c> at 300 DPI. A page that
/// cannot be read yields no text and a warning; the other pages go on. When figures are asked for, each page also carries the images
/// embedded in it beside its text (see <see cref="PageFigures"/> for which count).
/// </para>
/// <para>
/// Thread-safe and stateless: one instance serves many documents at once. The password, when one is given, is
/// passed to <c>pdftoppm</c> on its command line.
/// </para>
/// <para>
/// PdfPig can overflow the stack on some hostile files, which no <c>catch</c> survives: parse untrusted files
/// in a process that may crash.
/// </para>
/// </remarks>
public sealed class PdfDocumentDecoder : IDocumentDecoder
{
    /// <summary>The share of a page below which an image is ignored when deciding whether the page is one scan.</summary>
    private const double MinorImageCoverage = 0.005;

    /// <summary>The share of a page an image must cover for a page with a real text layer to be OCR'd too (a mixed page).</summary>
    private const double MixedImageCoverage = 0.25;

    /// <summary>The most threads that read one document's pages at once.</summary>
    private const int MaxLanes = 4;

    /// <summary>The fewest pages per extra thread: below that, opening another copy of the document costs more than it saves.</summary>
    private const int MinPagesPerLane = 8;

    /// <summary>How many decoded pages each thread may hold ahead of the consumer.</summary>
    private const int LookAheadPerLane = 2;

    /// <summary>Stands in for a page already handed on.</summary>
    private static readonly TaskCompletionSource<PageContent> Done = new();

    private readonly PdftoppmRasterizer _rasterizer;

    /// <summary>Initializes a new instance of the <see cref="PdfDocumentDecoder"/> class that finds <c>pdftoppm</c> on <c>PATH</c>.</summary>
    public PdfDocumentDecoder()
        : this(new PdftoppmRasterizer())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PdfDocumentDecoder"/> class with a given rasterizer.</summary>
    /// <param name="rasterizer">Renders pages that have no usable embedded image.</param>
    internal PdfDocumentDecoder(PdftoppmRasterizer rasterizer)
    {
        ArgumentNullException.ThrowIfNull(rasterizer);
        _rasterizer = rasterizer;
    }

    /// <summary>A one-page PDF with a line of Helvetica text, read by <see cref="WarmUp"/>.</summary>
    private const string WarmUpPdf = """
        %PDF-1.4
        1 0 obj
        << /Type /Catalog /Pages 2 0 R >>
        endobj
        2 0 obj
        << /Type /Pages /Kids [3 0 R] /Count 1 >>
        endobj
        3 0 obj
        << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>
        endobj
        4 0 obj
        << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>
        endobj
        5 0 obj
        << /Length 37 >>
        stream
        BT /F1 12 Tf 20 50 Td (Warm up) Tj ET
        endstream
        endobj
        xref
        0 6
        0000000000 65535 f
        0000000009 00000 n
        0000000058 00000 n
        0000000115 00000 n
        0000000241 00000 n
        0000000311 00000 n
        trailer
        << /Size 6 /Root 1 0 R >>
        startxref
        398
        %%EOF
        """;

    /// <summary>
    /// Reads a tiny built-in PDF, so that what every process pays once (the 14 standard fonts' metrics, about 0.1 s of CPU; the
    /// parser's types and static tables) is paid before the first document arrives. A process about to read PDFs calls this on a
    /// spare thread while it waits for its first one. Never throws: a failure only loses the head start.
    /// </summary>
    /// <returns>The text read, <c>Warm up</c>, or <see langword="null"/> when the reading failed.</returns>
    public static string? WarmUp()
    {
        try
        {
            _ = SystemFontFinder.Instance;
            using var stream = new MemoryStream(Encoding.ASCII.GetBytes(WarmUpPdf));
            using PdfDocument document = PdfOpener.Open(stream, "the built-in warm-up PDF", null).Document;
            Page page = document.GetPage(1);
            _ = page.GetImages().Count();
            return PageText.Read(page).Text;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public bool CanDecode(DocumentKind kind) => kind == DocumentKind.Pdf;

    /// <inheritdoc/>
    /// <exception cref="DocumentFormatException">The file cannot be opened as a PDF.</exception>
    /// <exception cref="EncryptedDocumentException">The file is encrypted and the password is missing or wrong.</exception>
    public async IAsyncEnumerable<PageContent> DecodeAsync(
        string path, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        using (OpenedPdf opened = PdfOpener.OpenFile(path, options.Password))
        {
            (PdfDocument document, string? password) = (opened.Document, opened.Password);
            int pageCount = CountPages(document, path);
            int lanes = Lanes(pageCount, options.Jobs);
            IAsyncEnumerable<PageContent> pages = lanes > 1
                ? DecodeInParallelAsync(document, pageCount, lanes, path, password, options, cancellationToken)
                : DecodeInOrderAsync(document, pageCount, path, password, options, cancellationToken);
            await foreach (PageContent content in pages.ConfigureAwait(false))
            {
                yield return content;
            }
        }
    }

    /// <summary>How many copies of the document read pages at once: one per job, at most <see cref="MaxLanes"/>, and only for documents long enough to repay opening another copy.</summary>
    internal static int Lanes(int pageCount, int jobs) =>
        Math.Clamp(Math.Min(jobs, pageCount / MinPagesPerLane), 1, Math.Min(MaxLanes, Environment.ProcessorCount));

    private async IAsyncEnumerable<PageContent> DecodeInOrderAsync(
        PdfDocument document, int pageCount, string path, string? password, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int number = 1; number <= pageCount; number++)
        {
            yield return await DecodePageSafelyAsync(document, number, path, password, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads pages on several threads, each with its own copy of the document (PdfPig documents are not thread-safe), and yields
    /// them in order. Pages are handed out in order and at most <see cref="LookAheadPerLane"/> per lane wait decoded ahead of the
    /// consumer, so memory stays bounded whatever the page count.
    /// </summary>
    private async IAsyncEnumerable<PageContent> DecodeInParallelAsync(
        PdfDocument document, int pageCount, int lanes, string path, string? password, ExtractOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var results = new TaskCompletionSource<PageContent>[pageCount];
        for (int i = 0; i < pageCount; i++)
        {
            results[i] = new TaskCompletionSource<PageContent>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(lanes * LookAheadPerLane);
        int next = 0;
        async Task LaneAsync(PdfDocument? own)
        {
            OpenedPdf? copy = null;
            try
            {
                if (own is null)
                {
                    // A copy that cannot be opened only means fewer lanes: the first lane reads every page left.
                    try
                    {
                        copy = PdfOpener.OpenFile(path, password);
                    }
                    catch (Exception ex) when (ex is DocAssistException)
                    {
                        return;
                    }
                }

                PdfDocument reader = own ?? copy!.Document;
                while (true)
                {
                    // A slot before a page number: slots are taken in page order, so the consumer's next page always holds one.
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                    int index = Interlocked.Increment(ref next) - 1;
                    if (index >= pageCount)
                    {
                        slots.Release();
                        return;
                    }

                    results[index].TrySetResult(await DecodePageSafelyAsync(reader, index + 1, path, password, options, stop.Token).ConfigureAwait(false));
                }
            }
            catch (Exception ex)
            {
                // Cancelled, or a failure no page could absorb: whoever waits for this lane's pages sees it.
                foreach (TaskCompletionSource<PageContent> r in results)
                {
                    if (!ReferenceEquals(r, Done))
                    {
                        _ = ex is OperationCanceledException ? r.TrySetCanceled(stop.Token) : r.TrySetException(ex);
                    }
                }
            }
            finally
            {
                copy?.Dispose();
            }
        }

        var running = new Task[lanes];
        running[0] = Task.Run(() => LaneAsync(document), CancellationToken.None);
        for (int lane = 1; lane < lanes; lane++)
        {
            running[lane] = Task.Run(() => LaneAsync(null), CancellationToken.None);
        }

        try
        {
            for (int i = 0; i < pageCount; i++)
            {
                PageContent content = await results[i].Task.WaitAsync(cancellationToken).ConfigureAwait(false);

                // Let go of the page (its image may be megabytes) once it is handed on: 500 scanned pages must not pile up here.
                results[i] = Done;
                slots.Release();
                yield return content;
            }
        }
        finally
        {
            // Never leave a lane reading a document that is about to be disposed.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task<PageContent> DecodePageSafelyAsync(
        PdfDocument document, int number, string path, string? password, ExtractOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await DecodePageAsync(document, number, path, password, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad page must not take the document down.
            return new PageContent { Number = number, Warnings = [$"the page could not be read ({Describe(ex)})"] };
        }
    }

    private static int CountPages(PdfDocument document, string path)
    {
        try
        {
            return document.NumberOfPages;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DocumentFormatException($"{path}: not a readable PDF ({Describe(ex)}).", ex) { FilePath = path };
        }
    }

    private async Task<PageContent> DecodePageAsync(
        PdfDocument document, int number, string path, string? password, ExtractOptions options, CancellationToken cancellationToken)
    {
        Page page = document.GetPage(number);
        string raw = PageText.Raw(page);
        PdfRectangle crop = page.CropBox.Bounds;
        double pageArea = Math.Abs(crop.Width * crop.Height);
        var frame = new PageContent { Number = number, Width = page.Width, Height = page.Height, Unit = PageUnit.Point };

        var warnings = new List<string>();
        IReadOnlyList<IPdfImage> images;
        try
        {
            images = [.. page.GetImages()];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            images = [];
            warnings.Add($"the page's images could not be listed ({Describe(ex)})");
        }

        var covered = images.Select(image => (Image: image, Coverage: Coverage(image.BoundingBox, crop, pageArea))).ToList();
        double largest = covered.Count == 0 ? 0 : covered.Max(c => c.Coverage);

        // Figures are picked once the page's reading is decided: when the page's text is a reading of a scan, the scan is not one.
        PageContent WithFigures(PageContent content, bool textFromScan) => options.IncludeFigures && images.Count > 0
            ? content with { Figures = PageFigures.Read(page, images, textFromScan, options.MaxImagePixels, warnings) }
            : content;

        TextLayerVerdict verdict = TextLayerJudge.Judge(raw, pageArea, largest);
        bool visibleText = page.Letters.Any(IsVisible);
        bool paintedPaths = page.Paths.Any(p => p.IsFilled || p.IsStroked);
        if (verdict.IsUsable || (verdict.Kind == TextLayerKind.Sparse && visibleText))
        {
            // Real text is never dropped. A large image beside it may hold text the layer lacks: OCR it too, and the
            // extractor keeps only the words the layer does not cover.
            (_, IReadOnlyList<TextBlock> own, IReadOnlyList<Word> words) = PageText.Read(page);
            IReadOnlyList<TextBlock> blocks = [.. own, .. FormBlocks(document, page, warnings)];
            PageContent layer = frame with { Text = TextBlock.Join(blocks), Blocks = blocks, Words = options.IncludeWords ? words : [], Warnings = warnings };
            if (largest < MixedImageCoverage)
            {
                // An invisible text layer is an earlier OCR's reading of the scan under it.
                return WithFigures(layer, textFromScan: !visibleText);
            }

            // The extractor needs the layer's words to tell which OCR words are new.
            PageContent? image = await ImageOfPageAsync(page, frame, covered, visibleText: false, paintedPaths, path, password, options, warnings, cancellationToken).ConfigureAwait(false);
            return WithFigures(
                image?.Image is null ? layer : layer with { Words = words, Image = image.Image with { NeedsWords = true }, ImagePlacement = image.ImagePlacement },
                textFromScan: true);
        }

        if (verdict.Kind is TextLayerKind.Garbage or TextLayerKind.Sparse)
        {
            warnings.Add($"{verdict.Reason}; OCR'd instead");
        }

        // Form values and notes live outside the content stream: a scanned or drawn form keeps them next to its OCR.
        IReadOnlyList<TextBlock> form = FormBlocks(document, page, warnings);
        if (images.Count == 0 && warnings.Count == 0 && !visibleText && !paintedPaths && IsBlank(page))
        {
            // Nothing is drawn: a blank page needs no OCR (its form values, if any, are its text).
            return frame with { Blocks = form };
        }

        PageContent? scan = await ImageOfPageAsync(page, frame, covered, visibleText, paintedPaths, path, password, options, warnings, cancellationToken).ConfigureAwait(false);

        // With form values or notes, the extractor needs OCR's words to leave out what they already say.
        PageContent result = WithFigures((scan ?? frame) with { Blocks = form, Warnings = warnings }, textFromScan: true);
        return form.Count > 0 && result.Image is { } toRead ? result with { Image = toRead with { NeedsWords = true } } : result;
    }

    // Filled form fields and free-text annotations come after the page's own text, as blocks of their own.
    private static IReadOnlyList<TextBlock> FormBlocks(PdfDocument document, Page page, List<string> warnings) =>
        FormText.ForPage(document, page, r => PageText.ToBox(page, r), warnings);

    // The page as an image to OCR: its one embedded image when that is the page, otherwise the page rendered by pdftoppm.
    // Null (with a warning) when neither can be had.
    private async Task<PageContent?> ImageOfPageAsync(
        Page page, PageContent frame, List<(IPdfImage Image, double Coverage)> covered, bool visibleText, bool paintedPaths, string path,
        string? password, ExtractOptions options, List<string> warnings, CancellationToken cancellationToken)
    {
        PdfRectangle crop = page.CropBox.Bounds;

        // One image and nothing else drawn (or an image covering most of the page): the image is the page, at
        // its own resolution. Anything more (text over a scan, several images, stencil masks) needs a renderer.
        string? undecodable = null;
        var significant = covered.Where(c => c.Coverage >= MinorImageCoverage).ToList();
        if (!visibleText && significant.Count == 1
            && (significant[0].Coverage >= TextLayerJudge.ImagePageCoverage || !paintedPaths))
        {
            EmbeddedImageResult embedded = EmbeddedImage.Extract(significant[0].Image, options.MaxImagePixels);
            if (embedded.Image is not null)
            {
                return frame with { Image = embedded.Image, ImagePlacement = PageText.ToPageFrame(page, significant[0].Image.BoundingBox) };
            }

            if (embedded.IsRefused)
            {
                warnings.Add(embedded.Problem!);
                return null;
            }

            undecodable = embedded.Problem;
        }
        else
        {
            undecodable = covered.Select(c => EmbeddedImage.GetFilters(c.Image.ImageDictionary))
                .Any(f => f is not null && f.Any(n => n.Data == "JBIG2Decode")) ? "JBIG2" : null;
        }

        int dpi = PdftoppmRasterizer.ChooseDpi(crop.Width, crop.Height, options.MaxImagePixels);
        RasterResult raster = await _rasterizer.RenderAsync(path, frame.Number, dpi, password, cancellationToken).ConfigureAwait(false);
        if (raster.Image is not null)
        {
            // pdftoppm renders the crop box turned by /Rotate: the page's own frame.
            return frame with { Image = raster.Image, ImagePlacement = new PageRect(0, 0, frame.Width, frame.Height) };
        }

        string what = undecodable is null ? "the page must be rendered to be OCR'd" : $"image could not be decoded ({undecodable})";
        warnings.Add(raster.IsToolMissing
            ? $"{what}; install poppler-utils to rasterize it ({raster.Problem})"
            : $"{what} and the page could not be rasterized: {raster.Problem}");
        return null;
    }

    // PdfPig found nothing drawn; trust that only when it did parse the content, or there is none, and no
    // annotation paints anything on top.
    private static bool IsBlank(Page page)
    {
        try
        {
            bool contentUnread = page.Operations.Count == 0 && page.Dictionary.ContainsKey(NameToken.Contents);
            return !contentUnread && !page.GetAnnotations().Any(a => a.Type != AnnotationType.Link);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsVisible(Letter letter) =>
        letter.RenderingMode is not (TextRenderingMode.Neither or TextRenderingMode.NeitherClip)
        && !string.IsNullOrWhiteSpace(letter.Value);

    private static double Coverage(PdfRectangle image, PdfRectangle page, double pageArea)
    {
        if (pageArea <= 0)
        {
            return 0;
        }

        double width = Math.Min(image.Right, page.Right) - Math.Max(image.Left, page.Left);
        double height = Math.Min(image.Top, page.Top) - Math.Max(image.Bottom, page.Bottom);
        return width <= 0 || height <= 0 ? 0 : Math.Min(1, width * height / pageArea);
    }

    private static string Describe(Exception ex) => PdfOpener.Describe(ex);
}
