namespace DocAssist.App.Output;

/// <summary>How extracted text is written.</summary>
public enum OutputFormat
{
    /// <summary>Plain text, pages separated by a form feed.</summary>
    Text,

    /// <summary>Markdown with a heading per page.</summary>
    Markdown,

    /// <summary>JSON with pages, sources, confidences and warnings.</summary>
    Json,
}
