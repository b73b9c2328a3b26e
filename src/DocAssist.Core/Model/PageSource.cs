namespace DocAssist.Core.Model;

/// <summary>Where the text of a page came from.</summary>
public enum PageSource
{
    /// <summary>The page's own text layer (a born-digital PDF page, or a plain text file).</summary>
    TextLayer,

    /// <summary>Optical character recognition of the page image.</summary>
    Ocr,

    /// <summary>Both: the page's text layer, and OCR of the images on it for what the layer does not already cover (see each block's source).</summary>
    Mixed,

    /// <summary>The page yielded no text at all (blank page, or a page that could not be read; see its warnings).</summary>
    None,
}
