using System.Text;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Pdf.Layout;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using Page = UglyToad.PdfPig.Content.Page;
using Word = DocAssist.Core.Model.Word;

namespace DocAssist.Pdf;

/// <summary>Reads a page's text layer: words from glyph geometry, lines and blocks in reading order (see <see cref="PageLayout"/>), boxes in the page's frame.</summary>
/// <remarks>
/// The page's frame is the page as a viewer shows it: the crop box, turned by the page's <c>/Rotate</c>, in points, origin top-left,
/// <c>page.Width</c> by <c>page.Height</c>. PdfPig already moves letters, images and annotations to the crop box's origin and turns
/// them by <c>/Rotate</c> (measured: a crop box starting at (50, 100) puts a word pdftotext finds at x = 72 in the media box at
/// x = 22), so mapping into the frame is only a flip to a top-left origin.
/// </remarks>
internal static class PageText
{
    /// <summary>Gets the page's glyphs as PdfPig decodes them, in content order, with nothing dropped: what <see cref="TextLayerJudge"/> needs to see.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The glyphs' text, unreadable ones included.</returns>
    public static string Raw(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var sb = new StringBuilder(page.Letters.Count);
        foreach (Letter letter in page.Letters)
        {
            sb.Append(letter.Value);
        }

        return sb.ToString();
    }

    /// <summary>Maps a rectangle in PdfPig's coordinates to the page's top-left frame.</summary>
    /// <param name="page">The page.</param>
    /// <param name="rect">The rectangle (e.g. an image's or a form field's bounds).</param>
    /// <returns>The rectangle in points, origin top-left.</returns>
    public static PageRect ToPageFrame(Page page, PdfRectangle rect)
    {
        ArgumentNullException.ThrowIfNull(page);
        double left = Math.Min(rect.Left, rect.Right), right = Math.Max(rect.Left, rect.Right);
        double top = Math.Max(rect.Top, rect.Bottom), bottom = Math.Min(rect.Top, rect.Bottom);
        return new PageRect(left, page.Height - top, right - left, top - bottom);
    }

    /// <summary>Maps a rectangle in PdfPig's coordinates to a word box in the page's top-left frame.</summary>
    /// <param name="page">The page.</param>
    /// <param name="rect">The rectangle.</param>
    /// <returns>The box, rounded outwards to whole points.</returns>
    public static BoundingBox ToBox(Page page, PdfRectangle rect)
    {
        ArgumentNullException.ThrowIfNull(page);
        return FormText.ToPageFrame(rect, page.Height);
    }

    /// <summary>Lays the page's text layer out: blocks in reading order, their text, and every word with its box.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The text (blocks separated by a blank line), the blocks (role <see cref="TextRole.Body"/> for now) and the words.</returns>
    public static (string Text, IReadOnlyList<TextBlock> Blocks, IReadOnlyList<Word> Words) Read(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        IReadOnlyList<LayoutBlock> layout = PageLayout.Analyze(page.Letters, page.Height);
        var blocks = new List<TextBlock>(layout.Count);
        var words = new List<Word>();
        foreach (LayoutBlock block in layout)
        {
            string text = block.Text;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            blocks.Add(new TextBlock(text, TextRole.Body, block.Box, PageSource.TextLayer));
            foreach (LayoutLine line in block.Lines)
            {
                words.AddRange(line.Words);
            }
        }

        return (TextBlock.Join(blocks), blocks, words);
    }
}
