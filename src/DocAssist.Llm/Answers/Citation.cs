using DocAssist.Core.Model;

namespace DocAssist.Llm.Answers;

/// <summary>A passage an answer rests on.</summary>
/// <param name="Number">The passage's number in the prompt (1-based), as the answer cites it: <c>[2]</c>.</param>
/// <param name="File">The document's key as given to the index (see <see cref="Text.Chunk.File"/>).</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="Text">The passage text.</param>
/// <param name="Boxes">Where the passage's words sit on the page, one box per line, in the page's frame and unit (see <see cref="Page.Unit"/>); empty when the page has no positions (plain text).</param>
/// <param name="Frame">The size and unit of the page the boxes lie on, or <see langword="null"/> when unknown.</param>
public sealed record Citation(int Number, string File, int Page, string Text, IReadOnlyList<BoundingBox> Boxes, PageFrame? Frame = null);
