namespace DocAssist.Core.Model;

/// <summary>A block of a page's text in reading order (a paragraph, a heading, a table row, a form value) with its role and where it sits.</summary>
/// <param name="Text">The block's text, lines separated by <c>\n</c>, verbatim (line-end hyphens kept).</param>
/// <param name="Role">What the block is.</param>
/// <param name="Box">Where the block sits, in the page's frame (see <see cref="Page.Unit"/>); <see langword="null"/> when unknown.</param>
/// <param name="Source">Where the block's text came from: <see cref="PageSource.TextLayer"/> or <see cref="PageSource.Ocr"/>.</param>
public sealed record TextBlock(string Text, TextRole Role, BoundingBox? Box, PageSource Source)
{
    /// <summary>Gets the form field's fully qualified name for <see cref="TextRole.FormField"/> blocks, else <see langword="null"/>.</summary>
    public string? FieldName { get; init; }

    /// <summary>Joins blocks into a page's text: each block's text, a blank line between them (see <see cref="Page.Text"/>).</summary>
    /// <param name="blocks">The blocks in reading order.</param>
    /// <returns>The text.</returns>
    public static string Join(IEnumerable<TextBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return string.Join("\n\n", blocks.Select(b => b.Text));
    }

    /// <summary>Gets a value indicating whether the block is page furniture (header, footer, page number), kept out of summaries and the index.</summary>
    public bool IsFurniture => Role is TextRole.Header or TextRole.Footer or TextRole.PageNumber;
}
