using System.Text;
using DocAssist.Core.Model;

namespace DocAssist.Pdf.Searchable;

/// <summary>Lays OCR words out as invisible text (render mode 3) over the page's image: each word where the engine found it, stretched to
/// its box, so a viewer selects it in place and text extraction reads the page back line by line.</summary>
/// <remarks>
/// <para>
/// Words come in reading order with boxes in the page's display frame. They are grouped into lines (a word that overlaps the previous
/// one by at least half the smaller height continues its line). A line's font size is the height of its text (ascenders to descenders,
/// less what a slant adds to each word's box), so a selection covers the line; each word sits on the line's baseline, fitted through the
/// words' centres so it follows a slightly slanted scan line, and is written upright.
/// </para>
/// <para>
/// A word followed by another on its line carries a trailing space and reaches to where the next word begins: copied text keeps its
/// spaces and extraction tools see one unbroken line. The text is written in the glyph-less font (<see cref="GlyphlessFont"/>), its
/// UTF-16 code units as two-byte codes.
/// </para>
/// </remarks>
internal static class InvisibleText
{
    /// <summary>The steepest slant followed (about 6°); a steeper fit is taken for noise, and the line is laid flat.</summary>
    private const double MaxSlope = 0.1;

    /// <summary>How far, in line heights, the next word may be for the gap to be bridged by a space.</summary>
    private const double MaxBridgedGap = 3;

    /// <summary>The narrowest and widest horizontal scaling written, in percent: beyond, a box is taken for a misreading.</summary>
    private const double MinScaling = 5, MaxScaling = 2000;

    /// <summary>Builds the content-stream operators that show the words invisibly.</summary>
    /// <param name="words">The words, in reading order, boxes in the display frame.</param>
    /// <param name="frame">Where the display frame lies in user space.</param>
    /// <param name="fontName">The resource name of the glyph-less font, without the slash.</param>
    /// <returns>The operators, or an empty string when no word has text.</returns>
    public static string Operators(IReadOnlyList<Word> words, DisplayFrame frame, string fontName)
    {
        ArgumentNullException.ThrowIfNull(words);
        List<List<Word>> lines = Lines(words);
        if (lines.Count == 0)
        {
            return string.Empty;
        }

        ((double ru, double rv), (double uu, double uv)) = frame.Axes();
        var ops = new StringBuilder();
        ops.Append("BT\n3 Tr\n0 Tc\n0 Tw\n0 Ts\n");
        double fontSize = -1;
        foreach (List<Word> line in lines)
        {
            (double intercept, double slope, double height) = Fit(line);
            if (Math.Abs(height - fontSize) > 0.01)
            {
                fontSize = height;
                ops.Append('/').Append(fontName).Append(' ').Append(PdfObjectWriter.Num(fontSize)).Append(" Tf\n");
            }

            for (int i = 0; i < line.Count; i++)
            {
                Word word = line[i];
                string text = Clean(word.Text);
                if (text.Length == 0)
                {
                    continue;
                }

                double left = word.Box.Left, right = Math.Max(word.Box.Right, word.Box.Left + 1);
                if (i + 1 < line.Count && line[i + 1].Box.Left > word.Box.Left && line[i + 1].Box.Left - right < MaxBridgedGap * height
                    && Clean(line[i + 1].Text).Length > 0)
                {
                    text += " ";
                    right = Math.Max(right, line[i + 1].Box.Left);
                }

                double centre = (left + right) / 2;
                double baseline = intercept + (slope * centre) + (height / 2);
                double natural = text.Length * GlyphlessFont.GlyphWidth / 1000 * fontSize;
                double scaling = Math.Clamp(100 * (right - left) / natural, MinScaling, MaxScaling);
                (double e, double f) = frame.Map(left, baseline);
                ops.Append(PdfObjectWriter.Num(ru)).Append(' ').Append(PdfObjectWriter.Num(rv)).Append(' ')
                    .Append(PdfObjectWriter.Num(uu)).Append(' ').Append(PdfObjectWriter.Num(uv)).Append(' ')
                    .Append(PdfObjectWriter.Num(e)).Append(' ').Append(PdfObjectWriter.Num(f)).Append(" Tm ")
                    .Append(PdfObjectWriter.Num(scaling)).Append(" Tz <");
                foreach (char c in text)
                {
                    ops.Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                }

                ops.Append("> Tj\n");
            }
        }

        ops.Append("ET\n");
        return ops.ToString();
    }

    /// <summary>Groups words (in reading order) into lines.</summary>
    /// <param name="words">The words.</param>
    /// <returns>The lines, each with at least one word that has a box.</returns>
    internal static List<List<Word>> Lines(IReadOnlyList<Word> words)
    {
        var lines = new List<List<Word>>();
        List<Word>? current = null;
        foreach (Word word in words)
        {
            if (word.Box.Bottom <= word.Box.Top || word.Box.Right <= word.Box.Left || string.IsNullOrWhiteSpace(word.Text))
            {
                continue;
            }

            if (current is not null && SameLine(current[^1].Box, word.Box))
            {
                current.Add(word);
                continue;
            }

            current = [word];
            lines.Add(current);
        }

        return lines;
    }

    private static bool SameLine(BoundingBox previous, BoundingBox next)
    {
        int overlap = Math.Min(previous.Bottom, next.Bottom) - Math.Max(previous.Top, next.Top);
        return overlap * 2 >= Math.Min(previous.Bottom - previous.Top, next.Bottom - next.Top);
    }

    // The line's centre line (y = intercept + slope × x, least squares through the words' centres) and its text height.
    private static (double Intercept, double Slope, double Height) Fit(List<Word> line)
    {
        double n = line.Count, sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (Word w in line)
        {
            double x = (w.Box.Left + w.Box.Right) / 2.0, y = (w.Box.Top + w.Box.Bottom) / 2.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }

        double spread = (n * sxx) - (sx * sx);
        double slope = n > 1 && spread > 0 ? ((n * sxy) - (sx * sy)) / spread : 0;
        if (Math.Abs(slope) > MaxSlope)
        {
            slope = 0;
        }

        double intercept = (sy - (slope * sx)) / n;

        // A slanted word's box is taller than its letters by its width × the slant.
        double[] heights = [.. line.Select(w => (w.Box.Bottom - w.Box.Top) - (Math.Abs(slope) * (w.Box.Right - w.Box.Left))).Order()];
        double median = heights[heights.Length / 2];
        double height = Math.Max(1, Math.Min(heights[^1], 2 * median));
        return (intercept, slope, height);
    }

    // Control characters have no place in the text layer; everything else is written as its UTF-16 code units.
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsControl(c))
            {
                sb.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }

        return sb.ToString().Trim();
    }
}
