using System.Text.RegularExpressions;

namespace DocAssist.Llm.Text;

/// <summary>Splits text into sentences, joining the hard line breaks of OCR and PDF text first.</summary>
public static partial class Sentences
{
    /// <summary>Splits text into sentences.</summary>
    /// <param name="text">Page text.</param>
    /// <returns>The sentences, trimmed, in order.</returns>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<string>();
        foreach (string paragraph in Paragraphs(text))
        {
            foreach (string s in BoundaryPattern().Split(paragraph))
            {
                string t = s.Trim();
                if (t.Length > 0)
                {
                    result.Add(t);
                }
            }
        }

        return result;
    }

    /// <summary>Splits text into paragraphs at blank lines, joining the lines inside each.</summary>
    /// <param name="text">Page text.</param>
    /// <returns>The paragraphs with single spaces.</returns>
    public static IEnumerable<string> Paragraphs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string block in BlankLinePattern().Split(text))
        {
            // A line-end hyphen followed by a lower-case letter is a word broken across lines.
            string joined = HyphenBreakPattern().Replace(block, "$1$2");
            joined = WhitespacePattern().Replace(joined, " ").Trim();
            if (joined.Length > 0)
            {
                yield return joined;
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?…;])\s+(?=[\p{Lu}\p{N}«""'(\[])|(?<=[.!?…])\s+(?=[«""])", RegexOptions.CultureInvariant)]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"\n\s*\n|\f", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLinePattern();

    [GeneratedRegex(@"(\p{Ll})-\n\s*(\p{Ll})", RegexOptions.CultureInvariant)]
    private static partial Regex HyphenBreakPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespacePattern();
}
