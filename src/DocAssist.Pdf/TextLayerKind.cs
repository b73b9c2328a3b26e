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
}
