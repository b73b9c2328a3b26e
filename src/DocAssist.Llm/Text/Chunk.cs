using System.Globalization;

namespace DocAssist.Llm.Text;

/// <summary>A piece of a document with the pages it spans, the unit of retrieval and of map-reduce.</summary>
/// <param name="File">The document's path as the user gave it.</param>
/// <param name="FirstPage">The first page (1-based).</param>
/// <param name="LastPage">The last page (1-based, ≥ <paramref name="FirstPage"/>).</param>
/// <param name="Text">The text.</param>
/// <param name="Index">The position of the chunk within its document (0-based).</param>
public sealed record Chunk(string File, int FirstPage, int LastPage, string Text, int Index)
{
    /// <summary>Gets the citation label, e.g. <c>[report.pdf p.3]</c> or <c>[report.pdf p.3-4]</c>.</summary>
    public string Citation => FirstPage == LastPage
        ? string.Create(CultureInfo.InvariantCulture, $"[{Path.GetFileName(File)} p.{FirstPage}]")
        : string.Create(CultureInfo.InvariantCulture, $"[{Path.GetFileName(File)} p.{FirstPage}-{LastPage}]");

    /// <summary>Gets the pages as text, e.g. <c>p. 3</c> or <c>pp. 3–5</c>.</summary>
    public string Pages => FirstPage == LastPage
        ? string.Create(CultureInfo.InvariantCulture, $"p. {FirstPage}")
        : string.Create(CultureInfo.InvariantCulture, $"pp. {FirstPage}–{LastPage}");
}
