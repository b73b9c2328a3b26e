namespace DocAssist.Pdf;

/// <summary>What <see cref="TextLayerJudge"/> made of a page's text layer.</summary>
/// <param name="Kind">Whether the layer is kept, absent or garbage.</param>
/// <param name="Reason">Why the layer is not kept; <see langword="null"/> when it is.</param>
internal readonly record struct TextLayerVerdict(TextLayerKind Kind, string? Reason)
{
    /// <summary>Gets the verdict for a real text layer.</summary>
    public static TextLayerVerdict Usable => new(TextLayerKind.Usable, null);

    /// <summary>Gets the verdict for a page without any text.</summary>
    public static TextLayerVerdict NoText => new(TextLayerKind.None, "the page has no text layer");

    /// <summary>Gets a value indicating whether the text layer is kept.</summary>
    public bool IsUsable => Kind == TextLayerKind.Usable;

    /// <summary>Creates the verdict for a text layer that must be replaced by OCR.</summary>
    /// <param name="reason">Why, as a clause for a warning.</param>
    /// <returns>The verdict.</returns>
    public static TextLayerVerdict Garbage(string reason) => new(TextLayerKind.Garbage, reason);

    /// <summary>Creates the verdict for a real but token text layer on an image page.</summary>
    /// <param name="reason">Why the image must be read too.</param>
    /// <returns>The verdict.</returns>
    public static TextLayerVerdict Sparse(string reason) => new(TextLayerKind.Sparse, reason);
}
