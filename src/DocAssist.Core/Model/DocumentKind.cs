namespace DocAssist.Core.Model;

/// <summary>The kind of an input file, detected from its content rather than its name.</summary>
public enum DocumentKind
{
    /// <summary>Not recognised.</summary>
    Unknown,

    /// <summary>A PDF file.</summary>
    Pdf,

    /// <summary>A raster image (PNG, JPEG, TIFF, BMP, GIF, WebP, JPEG 2000).</summary>
    Image,

    /// <summary>Plain text or Markdown, passed through.</summary>
    Text,
}
