namespace DocAssist.Core.Model;

/// <summary>The unit of a page's width, height and word boxes.</summary>
public enum PageUnit
{
    /// <summary>PDF points (1/72 inch): pages of a PDF, whether read from the text layer or OCR'd.</summary>
    Point,

    /// <summary>Pixels of the image as decoded: image files.</summary>
    Pixel,
}
