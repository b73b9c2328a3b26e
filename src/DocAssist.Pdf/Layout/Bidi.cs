using System.Globalization;
using System.Text;
using DocAssist.Core.Model;

namespace DocAssist.Pdf.Layout;

/// <summary>Puts a line's words from visual order (left to right, as PDFs place glyphs) into logical order for right-to-left scripts.</summary>
/// <remarks>
/// A simplified inverse of the Unicode bidirectional algorithm that covers what text layers hold: a line whose strong letters are
/// mostly Hebrew or Arabic is right-to-left, so its runs are read right to left; inside it, a run of left-to-right words (Latin,
/// numbers) keeps its own order. A right-to-left word's letters are reversed, and its brackets mirrored.
/// </remarks>
internal static class Bidi
{
    /// <summary>Reorders words given left to right into reading order.</summary>
    /// <param name="visual">The words, left to right, each with its glyphs left to right.</param>
    /// <returns>The words in logical order; the same list when nothing is right-to-left.</returns>
    public static IReadOnlyList<Word> ToLogical(List<Word> visual)
    {
        ArgumentNullException.ThrowIfNull(visual);
        int rtl = 0, ltr = 0;
        var isRtl = new bool[visual.Count];
        for (int i = 0; i < visual.Count; i++)
        {
            (int r, int l) = Count(visual[i].Text);
            rtl += r;
            ltr += l;
            isRtl[i] = r > l;
        }

        if (rtl == 0)
        {
            return visual;
        }

        var words = new List<Word>(visual.Count);
        for (int i = 0; i < visual.Count; i++)
        {
            words.Add(isRtl[i] ? visual[i] with { Text = ReverseWord(visual[i].Text) } : visual[i]);
        }

        // Runs of words of one direction; the line's direction decides the order of the runs.
        var runs = new List<List<Word>>();
        var runIsRtl = new List<bool>();
        for (int i = 0; i < words.Count; i++)
        {
            if (runs.Count > 0 && runIsRtl[^1] == isRtl[i])
            {
                runs[^1].Add(words[i]);
            }
            else
            {
                runs.Add([words[i]]);
                runIsRtl.Add(isRtl[i]);
            }
        }

        bool lineRtl = rtl > ltr;
        for (int i = 0; i < runs.Count; i++)
        {
            if (runIsRtl[i])
            {
                runs[i].Reverse();
            }
        }

        if (lineRtl)
        {
            runs.Reverse();
        }

        List<Word> logical = [.. runs.SelectMany(r => r)];
        if (lineRtl)
        {
            // Closing punctuation set apart from its word by the font's spacing belongs to the word before it in reading order.
            for (int i = logical.Count - 1; i > 0; i--)
            {
                if (logical[i].Text is "?" or "!" or "." or "," or ":" or ";" && isRtlText(logical[i - 1].Text))
                {
                    logical[i - 1] = logical[i - 1] with { Text = logical[i - 1].Text + logical[i].Text, Box = logical[i - 1].Box.Union(logical[i].Box) };
                    logical.RemoveAt(i);
                }
            }
        }

        return logical;

        static bool isRtlText(string text) => text.Any(IsRightToLeft);
    }

    /// <summary>Gets whether a character belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for right-to-left letters.</returns>
    public static bool IsRightToLeft(char c) =>
        c is (>= '\u0590' and <= '\u08FF') or (>= '\uFB1D' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF');

    private static (int Rtl, int Ltr) Count(string text)
    {
        int rtl = 0, ltr = 0;
        foreach (char c in text)
        {
            if (IsRightToLeft(c))
            {
                rtl++;
            }
            else if (char.IsLetter(c))
            {
                ltr++;
            }
        }

        return (rtl, ltr);
    }

    // Reverses by text element, so a letter keeps its combining marks, and mirrors brackets; digits inside keep their order.
    private static string ReverseWord(string text)
    {
        var elements = new List<string>();
        TextElementEnumerator e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            elements.Add(e.GetTextElement());
        }

        elements.Reverse();
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < elements.Count)
        {
            // A number inside a right-to-left word (a date, an amount) reads left to right: put its digits back.
            if (elements[i].Length == 1 && char.IsAsciiDigit(elements[i][0]))
            {
                int j = i;
                while (j < elements.Count && elements[j].Length == 1 && (char.IsAsciiDigit(elements[j][0]) || elements[j][0] is '.' or ',' or '/' or ':'))
                {
                    j++;
                }

                for (int k = j - 1; k >= i; k--)
                {
                    sb.Append(elements[k]);
                }

                i = j;
                continue;
            }

            sb.Append(elements[i] switch
            {
                "(" => ")",
                ")" => "(",
                "[" => "]",
                "]" => "[",
                "{" => "}",
                "}" => "{",
                "<" => ">",
                ">" => "<",
                _ => elements[i],
            });
            i++;
        }

        return sb.ToString();
    }
}
