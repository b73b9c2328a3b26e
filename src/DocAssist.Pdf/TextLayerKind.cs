namespace DocAssist.Pdf;

/// <summary>The state of a page's text layer.</summary>
internal enum TextLayerKind
{
    /// <summary>Real text: kept.</summary>
    Usable,

    /// <summary>No text at all.</summary>
    None,

    /// <summary>Text that is unreadable or too thin for the page: OCR'd instead.</summary>
    Garbage,

    /// <summary>Real text, but only a token of it (a caption, a page number, a stamp) on a page mostly covered by an image: kept, and the image OCR'd too.</summary>
    Sparse,
}
