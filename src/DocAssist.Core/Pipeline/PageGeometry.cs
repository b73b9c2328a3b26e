using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Maps OCR word boxes (pixels of the upright page image) into the page's frame (points of the PDF page as a viewer shows it, turned as OCR turned it).</summary>
public static class PageGeometry
{
    /// <summary>Gets the frame an OCR'd page is reported in, and a function mapping image-pixel boxes into it.</summary>
    /// <param name="content">The page as the decoder gave it (its size, unit and where its image sits).</param>
    /// <param name="result">What OCR made of the image (its upright size and the rotation it applied).</param>
    /// <returns>The page's width, height and unit, and the mapping.</returns>
    public static (double Width, double Height, PageUnit Unit, Func<BoundingBox, BoundingBox> Map) ForOcr(PageContent content, OcrPageResult result)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(result);
        if (content.ImagePlacement is not null && (result.ImageWidth <= 0 || result.ImageHeight <= 0))
        {
            // The recognizer did not say what it read: keep the page's frame; its boxes cannot be placed.
            return (content.Width, content.Height, content.Unit, static box => box);
        }

        if (content.ImagePlacement is not { } placed || content.Width <= 0 || content.Height <= 0 || result.ImageWidth <= 0 || result.ImageHeight <= 0)
        {
            // An image file: its own pixels are the frame.
            return (result.ImageWidth, result.ImageHeight, PageUnit.Pixel, static box => box);
        }

        double width = content.Width, height = content.Height;
        int rotation = ((result.Rotation % 360) + 360) % 360;
        PageRect turned = Turn(placed, width, height, rotation);
        if (rotation is 90 or 270)
        {
            (width, height) = (height, width);
        }

        double sx = turned.Width / result.ImageWidth, sy = turned.Height / result.ImageHeight;
        return (width, height, content.Unit, box => new BoundingBox(
            (int)Math.Floor(turned.Left + (box.Left * sx)),
            (int)Math.Floor(turned.Top + (box.Top * sy)),
            (int)Math.Ceiling(turned.Left + (box.Right * sx)),
            (int)Math.Ceiling(turned.Top + (box.Bottom * sy))));
    }

    /// <summary>Gets an OCR'd page's figures in the frame <see cref="ForOcr"/> reports the page in: turned as OCR turned the page.</summary>
    /// <param name="content">The page as the decoder gave it, its figures in its own frame.</param>
    /// <param name="result">What OCR made of the page's image.</param>
    /// <returns>The figures, their boxes turned when the page was.</returns>
    public static IReadOnlyList<Figure> FiguresForOcr(PageContent content, OcrPageResult result)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(result);
        int rotation = ((result.Rotation % 360) + 360) % 360;
        if (content.Figures.Count == 0 || rotation == 0 || content.ImagePlacement is null
            || content.Width <= 0 || content.Height <= 0 || result.ImageWidth <= 0 || result.ImageHeight <= 0)
        {
            // The same cases in which ForOcr keeps the page's frame (or reports an image file in its pixels, which has no figures).
            return content.Figures;
        }

        return
        [
            .. content.Figures.Select(f =>
            {
                PageRect turned = Turn(new PageRect(f.Box.Left, f.Box.Top, f.Box.Right - f.Box.Left, f.Box.Bottom - f.Box.Top), content.Width, content.Height, rotation);
                return f with
                {
                    Box = new BoundingBox(
                        (int)Math.Floor(turned.Left), (int)Math.Floor(turned.Top), (int)Math.Ceiling(turned.Left + turned.Width), (int)Math.Ceiling(turned.Top + turned.Height)),
                };
            }),
        ];
    }

    /// <summary>Turns a rectangle of a page of the given size clockwise by a multiple of 90°, into the frame of the turned page.</summary>
    /// <param name="rect">The rectangle.</param>
    /// <param name="width">The page width before turning.</param>
    /// <param name="height">The page height before turning.</param>
    /// <param name="rotation">0, 90, 180 or 270.</param>
    /// <returns>The rectangle in the turned page's frame.</returns>
    public static PageRect Turn(PageRect rect, double width, double height, int rotation) => rotation switch
    {
        90 => new PageRect(height - (rect.Top + rect.Height), rect.Left, rect.Height, rect.Width),
        180 => new PageRect(width - (rect.Left + rect.Width), height - (rect.Top + rect.Height), rect.Width, rect.Height),
        270 => new PageRect(rect.Top, width - (rect.Left + rect.Width), rect.Height, rect.Width),
        _ => rect,
    };
}
