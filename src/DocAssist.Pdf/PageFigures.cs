using System.Globalization;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using UglyToad.PdfPig.Content;
using Page = UglyToad.PdfPig.Content.Page;

namespace DocAssist.Pdf;

/// <summary>Picks a page's figures: the images embedded in it beside its text, as image files with their boxes in the page's frame.</summary>
/// <remarks>
/// <para>
/// Every image drawn on the page that can be handed on as a file (JPEG and JPEG 2000 bytes as they are, other encodings as PNG; see
/// <see cref="EmbeddedImage"/>) is a figure, in the order it is drawn, with these exceptions:
/// </para>
/// <list type="bullet">
/// <item>The page's scan. When the page's text is a reading of its images (the page is read by OCR, alone or beside a text layer, or its
/// text layer is invisible, as OCR tools lay it over a scan), an image covering at least <see cref="ScanCoverage"/> of the page as shown
/// is what was read: its text is the page's text, so it is not listed (Mistral's OCR does not list a page scan as an image either). A
/// smaller image on such a page is listed even though OCR read it too: a photo or a chart beside the text is a figure. On a page whose
/// visible text layer is kept alone, every image is a figure, however large.</item>
/// <item>Images that cannot be decoded here (JBIG2, stencil masks, inverted JPEGs, images over the pixel limit) and images drawn
/// wholly off the page: left out silently, as nothing a reader of the page would miss can be handed on for them.</item>
/// <item>Beyond <see cref="MaxFiguresPerPage"/> on one page, the rest are left out with a warning (a hostile file may draw thousands).</item>
/// </list>
/// <para>
/// Boxes come from PdfPig's image bounds, which are in the same space as its letters (the crop box's origin, turned by <c>/Rotate</c>),
/// mapped as word boxes are (<see cref="PageText.ToBox"/>): points, origin top-left, rounded outwards, then clipped to the page.
/// </para>
/// </remarks>
internal static class PageFigures
{
    /// <summary>The share of the page as shown that an image must cover, on a page whose text is a reading of its images, to be taken for the page's scan rather than a figure.</summary>
    public const double ScanCoverage = 0.9;

    /// <summary>The most figures kept on one page.</summary>
    public const int MaxFiguresPerPage = 100;

    /// <summary>Reads the page's figures.</summary>
    /// <param name="page">The page.</param>
    /// <param name="images">The page's images, in the order they are drawn.</param>
    /// <param name="textFromScan">Whether the page's text is a reading of its images (then an image covering most of the page is its scan).</param>
    /// <param name="maxPixels">The largest image, in pixels, that is decoded.</param>
    /// <param name="warnings">Receives a warning when figures are left out for their number.</param>
    /// <returns>The figures, in the order they are drawn.</returns>
    public static IReadOnlyList<Figure> Read(
        Page page, IReadOnlyList<IPdfImage> images, bool textFromScan, long maxPixels, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(warnings);
        var figures = new List<Figure>();
        int width = (int)Math.Round(page.Width), height = (int)Math.Round(page.Height);
        double pageArea = page.Width * page.Height;
        foreach (IPdfImage image in images)
        {
            // What the image covers of the page as shown, from its corners: on a turned page PdfPig's rectangles are turned too, their
            // Left greater than their Right.
            PageRect drawn = PageText.ToPageFrame(page, image.BoundingBox);
            double shownWidth = Math.Min(page.Width, drawn.Left + drawn.Width) - Math.Max(0, drawn.Left);
            double shownHeight = Math.Min(page.Height, drawn.Top + drawn.Height) - Math.Max(0, drawn.Top);
            if (shownWidth <= 0 || shownHeight <= 0 || (textFromScan && shownWidth * shownHeight >= ScanCoverage * pageArea))
            {
                continue;
            }

            BoundingBox outer = PageText.ToBox(page, image.BoundingBox);
            var box = new BoundingBox(Math.Max(0, outer.Left), Math.Max(0, outer.Top), Math.Min(width, outer.Right), Math.Min(height, outer.Bottom));

            if (figures.Count == MaxFiguresPerPage)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the page draws more than {MaxFiguresPerPage} images; only the first {MaxFiguresPerPage} are kept as figures"));
                break;
            }

            EmbeddedImageResult file;
            try
            {
                file = EmbeddedImage.Extract(image, maxPixels);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A figure that cannot be decoded costs only itself: the page's text does not depend on it.
                continue;
            }

            if (file.Image is { } encoded && EmbeddedImage.MediaType(encoded.Data.Span) is { } mediaType)
            {
                figures.Add(new Figure(box, image.WidthInSamples, image.HeightInSamples, mediaType, encoded.Data));
            }
        }

        return figures;
    }
}
