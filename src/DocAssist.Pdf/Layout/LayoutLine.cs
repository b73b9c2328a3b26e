using System.Globalization;
using System.Text;
using DocAssist.Core.Model;

namespace DocAssist.Pdf.Layout;

/// <summary>One line of a page in reading order: its words (logical order) with boxes in the page's top-left frame.</summary>
internal sealed class LayoutLine
{
    private LayoutLine(IReadOnlyList<Word> words, double x0, double x1, double top, double bottom, double size)
    {
        Words = words;
        Text = string.Join(' ', words.Select(w => w.Text));
        X0 = x0;
        X1 = x1;
        Top = top;
        Bottom = bottom;
        Size = size;
        Box = BoundingBox.Union(words.Select(w => w.Box));
    }

    /// <summary>Gets the words in logical (reading) order.</summary>
    public IReadOnlyList<Word> Words { get; }

    /// <summary>Gets the line's text: its words joined by spaces.</summary>
    public string Text { get; }

    /// <summary>Gets the start of the line along its reading direction (reading frame).</summary>
    public double X0 { get; }

    /// <summary>Gets the end of the line along its reading direction (reading frame).</summary>
    public double X1 { get; }

    /// <summary>Gets the top of the line in its reading frame (y up).</summary>
    public double Top { get; }

    /// <summary>Gets the bottom of the line in its reading frame (y up).</summary>
    public double Bottom { get; }

    /// <summary>Gets the line's font size: the largest of its segments' median glyph sizes (a stray outsized glyph does not count).</summary>
    public double Size { get; }

    /// <summary>Gets the line's box in the page's top-left frame.</summary>
    public BoundingBox Box { get; }

    /// <summary>Builds a line from one row's segments, left to right; a right-to-left line is put in logical order.</summary>
    /// <param name="row">The segments of the row, left to right.</param>
    /// <returns>The line.</returns>
    public static LayoutLine From(List<PageLayout.Segment> row)
    {
        var visual = new List<Word>();
        foreach (PageLayout.Segment segment in row)
        {
            foreach (List<PageLayout.Glyph> glyphs in segment.Words)
            {
                string text = string.Concat(glyphs.Select((g, i) => VisualText(GlyphText(glyphs, i)))).Normalize(NormalizationForm.FormC);
                if (text.Length == 0)
                {
                    continue;
                }

                var box = new BoundingBox(
                    (int)Math.Floor(glyphs.Min(g => g.Left)),
                    (int)Math.Floor(glyphs.Min(g => g.TopDown)),
                    (int)Math.Ceiling(glyphs.Max(g => g.Right)),
                    (int)Math.Ceiling(glyphs.Max(g => g.BottomDown)));
                visual.Add(new Word(text, null, box));
            }
        }

        return new LayoutLine(
            Bidi.ToLogical(visual),
            row.Min(s => s.X0),
            row.Max(s => s.X1),
            row.Max(s => s.Top),
            row.Min(s => s.Bottom),
            row.Max(s => s.Size));
    }

    // One glyph's text in visual order, as the line's glyphs are: a right-to-left ligature (lam-alef, lam-khah) decomposes, and
    // a glyph may map to several letters, in logical order either way, so they are turned round here for the word's reversal
    // in Bidi to put them back.
    private static string VisualText(string glyph)
    {
        string text = Normalize(glyph);
        if (text.Length < 2 || !text.Any(Bidi.IsRightToLeft))
        {
            return text;
        }

        var elements = new List<string>();
        TextElementEnumerator e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            elements.Add(e.GetTextElement());
        }

        elements.Reverse();
        return string.Concat(elements);
    }

    // Ligatures and Arabic presentation forms to their plain letters; control characters out.
    private static string Normalize(string text)
    {
        // Most words are plain printable ASCII: nothing to do (this runs for every word of every page).
        if (text.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is (>= '\uFB00' and <= '\uFB06') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF'))
            {
                sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            }
            else if (!char.IsControl(c) && !(char.IsWhiteSpace(c) && c != '\u00A0'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Replace("\u00A0", string.Empty, StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
    }

    // A TeX font in the T1 (Cork) encoding without a Unicode map gives its quotes, dashes and ligatures as raw codes, which
    // fall on control characters (signi\x1Cer, \x10Workers\x11). Inside a word, where no text layer has a control character,
    // they are read as T1 draws them: the ligatures between letters, the quotes and dashes next to anything.
    private static string GlyphText(List<PageLayout.Glyph> glyphs, int i)
    {
        string text = glyphs[i].Text;
        if (text.Length != 1 || text[0] is < '\u0010' or > '\u001F' or (>= '\u0017' and <= '\u001A'))
        {
            return text;
        }

        bool letterBeside = (i > 0 && glyphs[i - 1].Text.Any(char.IsLetter))
            || (i + 1 < glyphs.Count && glyphs[i + 1].Text.Any(char.IsLetter));
        return text[0] switch
        {
            _ when glyphs.Count == 1 => text,
            '\u0010' => "\u201C",
            '\u0011' => "\u201D",
            '\u0012' => "\u201E",
            '\u0013' => "\u00AB",
            '\u0014' => "\u00BB",
            '\u0015' => "\u2013",
            '\u0016' => "\u2014",
            _ when !letterBeside => text,
            '\u001B' => "ff",
            '\u001C' => "fi",
            '\u001D' => "fl",
            '\u001E' => "ffi",
            _ => "ffl",
        };
    }

    /// <summary>Gets a short description for debugging.</summary>
    /// <returns>The text with its extent.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Text} [{X0:0.#}-{X1:0.#}, {Bottom:0.#}-{Top:0.#}]");
}
