using System.Text.RegularExpressions;

namespace DocAssist.Llm.Text;

/// <summary>Splits text into sentences, joining the hard line breaks of OCR and PDF text first (see <see cref="ContentText"/> for the rule).</summary>
/// <remarks>A sentence ends at <c>. ! ? … ;</c> followed by a space and a capital, digit, quote or bracket, or at a CJK full stop
/// (<c>。！？</c>) whether or not a space follows, unless a closing quote or bracket follows it (<c>「はい。」と言った。</c> is one sentence).</remarks>
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
    public static IEnumerable<string> Paragraphs(string text) => ContentText.Paragraphs(text);

    [GeneratedRegex(@"(?<=[.!?…;])\s+(?=[\p{Lu}\p{N}«""'(\[])|(?<=[.!?…])\s+(?=[«""])|(?<=[。！？])\s*(?=[^」』）〕】”’""'。！？\s])", RegexOptions.CultureInvariant)]
    private static partial Regex BoundaryPattern();
}
