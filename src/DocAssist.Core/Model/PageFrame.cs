namespace DocAssist.Core.Model;

/// <summary>A page's size as a viewer shows it, in the unit of every box on it: what a box needs to be drawn on the page's image.</summary>
/// <param name="Width">The width, in <paramref name="Unit"/>.</param>
/// <param name="Height">The height, in <paramref name="Unit"/>.</param>
/// <param name="Unit">Points for PDF pages, pixels for images.</param>
public readonly record struct PageFrame(double Width, double Height, PageUnit Unit)
{
    /// <summary>Gets the frame of a page, or <see langword="null"/> when its size is unknown (plain text).</summary>
    /// <param name="page">The page.</param>
    /// <returns>The frame.</returns>
    public static PageFrame? Of(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Width > 0 && page.Height > 0 ? new PageFrame(page.Width, page.Height, page.Unit) : null;
    }
}
