using DocAssist.Core.Model;

namespace DocAssist.Pdf.Layout;

/// <summary>Lines that belong together (a paragraph, a heading, a table row), in reading order.</summary>
/// <param name="Lines">The lines.</param>
internal sealed record LayoutBlock(IReadOnlyList<LayoutLine> Lines)
{
    /// <summary>Gets the block's text, lines separated by <c>\n</c>.</summary>
    public string Text => string.Join('\n', Lines.Select(l => l.Text));

    /// <summary>Gets the block's box in the page's top-left frame.</summary>
    public BoundingBox Box => BoundingBox.Union(Lines.Select(l => l.Box));
}
