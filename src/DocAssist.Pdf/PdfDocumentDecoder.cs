using System.Runtime.CompilerServices;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Page = UglyToad.PdfPig.Content.Page;

namespace DocAssist.Pdf;

/// <summary>Reads PDF files page by page with PdfPig: a real text layer is kept, other pages become images to OCR.</summary>
/// <remarks>
/// <para>
/// Each page is judged on its own. A page whose text layer is real text yields that text (and its words when
/// asked). A page without text, or whose text layer is unreadable or only a token on a scanned page, yields an
/// image: the embedded scan itself when the page is one image (JPEG and JPEG 2000 bytes are handed on as they
/// are, other images as PNG), otherwise the page rendered by poppler's <c>pdftoppm</c> at 300 DPI. A page that
/// cannot be read yields no text and a warning; the other pages go on.
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

        (PdfDocument document, string? password) = PdfOpener.Open(path, options.Password);
        using (document)
        {
            int pageCount = CountPages(document, path);
            for (int number = 1; number <= pageCount; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PageContent content;
                try
                {
                    content = await DecodePageAsync(document, number, path, password, options, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad page must not take the document down.
                    content = new PageContent { Number = number, Warnings = [$"the page could not be read ({Describe(ex)})"] };
                }

                yield return content;
            }
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
        string text = PageText.Extract(page);
        PdfRectangle crop = page.CropBox.Bounds;
        double pageArea = Math.Abs(crop.Width * crop.Height);

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

        TextLayerVerdict verdict = TextLayerJudge.Judge(text, pageArea, largest);
        if (verdict.IsUsable)
        {
            return new PageContent
            {
                Number = number,
                Text = PageText.Clean(text),
                Words = options.IncludeWords ? PageText.GetWords(page) : [],
                Warnings = warnings,
            };
        }

        if (verdict.Kind == TextLayerKind.Garbage)
        {
            warnings.Add($"{verdict.Reason}; OCR'd instead");
        }

        bool visibleText = page.Letters.Any(IsVisible);
        bool paintedPaths = page.Paths.Any(p => p.IsFilled || p.IsStroked);
        if (images.Count == 0 && warnings.Count == 0 && !visibleText && !paintedPaths && IsBlank(page))
        {
            // Nothing is drawn: a blank page needs no OCR.
            return new PageContent { Number = number };
        }

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
                return new PageContent { Number = number, Image = embedded.Image, Warnings = warnings };
            }

            if (embedded.IsRefused)
            {
                warnings.Add(embedded.Problem!);
                return new PageContent { Number = number, Warnings = warnings };
            }

            undecodable = embedded.Problem;
        }
        else
        {
            undecodable = covered.Select(c => EmbeddedImage.GetFilters(c.Image.ImageDictionary))
                .Any(f => f is not null && f.Any(n => n.Data == "JBIG2Decode")) ? "JBIG2" : null;
        }

        int dpi = PdftoppmRasterizer.ChooseDpi(crop.Width, crop.Height, options.MaxImagePixels);
        RasterResult raster = await _rasterizer.RenderAsync(path, number, dpi, password, cancellationToken).ConfigureAwait(false);
        if (raster.Image is not null)
        {
            return new PageContent { Number = number, Image = raster.Image, Warnings = warnings };
        }

        string what = undecodable is null ? "the page must be rendered to be OCR'd" : $"image could not be decoded ({undecodable})";
        warnings.Add(raster.IsToolMissing
            ? $"{what}; install poppler-utils to rasterize it ({raster.Problem})"
            : $"{what} and the page could not be rasterized: {raster.Problem}");
        return new PageContent { Number = number, Warnings = warnings };
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
