namespace DocAssist.Pdf.Searchable;

/// <summary>Maps a page's display frame (what a viewer shows, origin top-left, y down: the frame OCR word boxes are in) to the PDF user
/// space the page is drawn in (origin bottom-left, y up), for a page shown turned clockwise by <c>/Rotate</c>.</summary>
/// <param name="Rotation">The page's <c>/Rotate</c>: 0, 90, 180 or 270.</param>
/// <param name="StoredWidth">The width of the page as stored (before turning), in display units.</param>
/// <param name="StoredHeight">The height of the page as stored, in display units.</param>
/// <param name="ScaleX">User-space units per display unit along the stored page's width (1 for points; 72 ÷ DPI for pixels).</param>
/// <param name="ScaleY">User-space units per display unit along the stored page's height.</param>
/// <param name="OriginX">The user-space x of the stored page's left edge (the crop box's).</param>
/// <param name="OriginY">The user-space y of the stored page's bottom edge.</param>
internal readonly record struct DisplayFrame(
    int Rotation, double StoredWidth, double StoredHeight, double ScaleX, double ScaleY, double OriginX, double OriginY)
{
    /// <summary>Gets the width of the page as shown, in display units.</summary>
    public double Width => Rotation is 90 or 270 ? StoredHeight : StoredWidth;

    /// <summary>Gets the height of the page as shown, in display units.</summary>
    public double Height => Rotation is 90 or 270 ? StoredWidth : StoredHeight;

    /// <summary>Maps a point of the display frame to user space.</summary>
    /// <param name="x">Distance from the shown page's left edge.</param>
    /// <param name="y">Distance from the shown page's top edge.</param>
    /// <returns>The point in user space.</returns>
    public (double U, double V) Map(double x, double y)
    {
        // Undo the clockwise turn: back to the stored page, origin top-left.
        (double xs, double ys) = Rotation switch
        {
            90 => (y, StoredHeight - x),
            180 => (StoredWidth - x, StoredHeight - y),
            270 => (StoredWidth - y, x),
            _ => (x, y),
        };
        return (OriginX + (ScaleX * xs), OriginY + (ScaleY * (StoredHeight - ys)));
    }

    /// <summary>Gets the user-space vector of one display unit rightwards and of one display unit upwards (a text matrix's two axes).</summary>
    /// <returns>The two vectors.</returns>
    public ((double U, double V) Right, (double U, double V) Up) Axes()
    {
        (double u0, double v0) = Map(0, 0);
        (double ur, double vr) = Map(1, 0);
        (double uu, double vu) = Map(0, -1);
        return ((ur - u0, vr - v0), (uu - u0, vu - v0));
    }
}
