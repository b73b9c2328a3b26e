using System.Globalization;
using DocAssist.Core.Model;

namespace DocAssist.Llm.Text;

/// <summary>A piece of a document with the pages it spans, the unit of retrieval and of map-reduce.</summary>
/// <param name="File">The document's key as the caller gave it (see <see cref="Document.File"/>): a path, a relative path or any other name.</param>
/// <param name="FirstPage">The first page (1-based).</param>
/// <param name="LastPage">The last page (1-based, ≥ <paramref name="FirstPage"/>).</param>
/// <param name="Text">The text.</param>
/// <param name="Index">The position of the chunk within its document (0-based).</param>
public sealed record Chunk(string File, int FirstPage, int LastPage, string Text, int Index)
{
    /// <summary>Gets where the chunk's words sit on its page: boxes in the page's frame and unit (see <see cref="Page.Unit"/>), one per line of text. Default: empty (the page has no word or block positions, e.g. plain text).</summary>
    /// <remarks>Set for retrieval passages (see <see cref="Chunker.ForRetrieval"/>), which never cross a page.</remarks>
    public IReadOnlyList<BoundingBox> Boxes { get; init; } = [];

    /// <summary>Gets the size and unit of the page <see cref="Boxes"/> lie on, or <see langword="null"/> when unknown (plain text, or a chunk over several pages).</summary>
    public PageFrame? Frame { get; init; }

    /// <summary>Gets the pages as text, e.g. <c>p. 3</c> or <c>pp. 3–5</c>.</summary>
    public string Pages => FirstPage == LastPage
        ? string.Create(CultureInfo.InvariantCulture, $"p. {FirstPage}")
        : string.Create(CultureInfo.InvariantCulture, $"pp. {FirstPage}–{LastPage}");
}
