using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using BoundingBox = DocAssist.Core.Model.BoundingBox;
using PdfWord = UglyToad.PdfPig.Content.Word;
using Word = DocAssist.Core.Model.Word;

namespace DocAssist.Pdf;

/// <summary>Reads a page's text layer in reading order, and its words with boxes.</summary>
/// <remarks>
/// Reading order follows the content stream (<see cref="ContentOrderTextExtractor"/>). Docstrum blocks ordered by
/// <c>UnsupervisedReadingOrderDetector</c> were measured against it on the two-column ICML03-081 paper (8 pages,
/// long lines of pdftotext located in each output): both kept the same lines in order (423 vs 424 of 441), while
/// docstrum took 0.96 s instead of 8 ms and split formulas worse, so the content order is kept.
/// </remarks>
internal static class PageText
{
    /// <summary>Gets the page's raw text in content order, lines separated by <c>\n</c>.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The text as PdfPig decodes it, unreadable glyphs included (the judge needs to see them).</returns>
    public static string Extract(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return ContentOrderTextExtractor.GetText(page).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>Tidies a text layer that is kept: ligatures expanded, control characters dropped, trailing spaces and blank edges trimmed.</summary>
    /// <param name="text">The raw text.</param>
    /// <returns>The text to hand on.</returns>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\n' or '\t':
                    sb.Append(c);
                    break;
                case '\r':
                    sb.Append('\n');
                    break;
                case >= '\uFB00' and <= '\uFB06':
                    // Ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) break search and word counts.
                    sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        string[] lines = sb.ToString().Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd();
        }

        return string.Join('\n', lines).Trim('\n');
    }

    /// <summary>Gets the page's words with boxes in PDF points, origin at the top-left of the crop box.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The non-blank words.</returns>
    public static IReadOnlyList<Word> GetWords(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        PdfRectangle crop = page.CropBox.Bounds;
        var words = new List<Word>();
        foreach (PdfWord word in page.GetWords(NearestNeighbourWordExtractor.Instance))
        {
            string text = Clean(word.Text);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            PdfRectangle box = word.BoundingBox;
            var converted = new BoundingBox(
                Left: (int)Math.Floor(box.Left - crop.Left),
                Top: (int)Math.Floor(crop.Top - box.Top),
                Right: (int)Math.Ceiling(box.Right - crop.Left),
                Bottom: (int)Math.Ceiling(crop.Top - box.Bottom));
            words.Add(new Word(text, null, converted));
        }

        return words;
    }
}
