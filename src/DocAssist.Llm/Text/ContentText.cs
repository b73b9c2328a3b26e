using System.Text;
using System.Text.RegularExpressions;
using DocAssist.Core.Model;

namespace DocAssist.Llm.Text;

/// <summary>A page's text as read for the question index and for summaries: page furniture left out, lines of a paragraph joined, words hyphenated at a line end made whole again.</summary>
/// <remarks>
/// <para>Stateless and thread-safe. <see cref="Page.Text"/> stays the verbatim text; this is only what is indexed and summarized.</para>
/// <para>Lines are joined by this rule. A line ending in a soft hyphen (U+00AD) is joined to the next without it. A line ending in
/// <c>-</c> or U+2010 straight after a letter or digit is joined to the next line without a space, and the hyphen is dropped only when
/// all of these hold: the character before it is a letter, the fragment before it has at least two letters (typesetters never break
/// after one letter, so <c>e-</c>/<c>mail</c> is <c>e-mail</c>), the next line starts with a lower-case letter (so <c>Jean-</c>/<c>Pierre</c>
/// and <c>2020-</c>/<c>2024</c> keep it), and the hyphenated form (<c>well-known</c>) does not occur unbroken elsewhere on the page.
/// Otherwise the hyphen is kept (<c>e-mail</c>, <c>2020-2024</c>, <c>non-EU</c>). A dash after a space is not a hyphen. Two lines whose
/// meeting characters are both full-width CJK are joined without a space (Chinese and Japanese break lines inside words); any other
/// two lines are joined with one space.</para>
/// </remarks>
public static partial class ContentText
{
    private const char SoftHyphen = '\u00AD';

    /// <summary>Gets the content text of a page: its blocks that are not furniture (or <see cref="Page.Text"/> when it has no blocks), paragraphs separated by a blank line, each on one line.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The content text; empty when the page has none.</returns>
    public static string Of(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        IEnumerable<string> sources = page.Blocks.Count == 0
            ? [page.Text]
            : page.Blocks.Where(b => !b.IsFurniture).Select(b => b.Text);
        return string.Join("\n\n", sources.SelectMany(s => Paragraphs(s, page.Text)));
    }

    /// <summary>Gets the content text of a whole document, pages separated by a blank line.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The content text.</returns>
    public static string Of(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return string.Join("\n\n", document.Pages.Select(Of).Where(t => t.Length > 0));
    }

    /// <summary>Splits text into paragraphs at blank lines and form feeds, joining the lines inside each by the rule in the remarks.</summary>
    /// <param name="text">Text with hard line breaks.</param>
    /// <param name="evidence">Text searched for unbroken hyphenated forms (the whole page); <paramref name="text"/> when <see langword="null"/>.</param>
    /// <returns>The non-empty paragraphs, each on one line with single spaces.</returns>
    public static IEnumerable<string> Paragraphs(string text, string? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        evidence ??= text;
        foreach (string block in BlankLinePattern().Split(text))
        {
            string joined = JoinLines(block, evidence);
            if (joined.Length > 0)
            {
                yield return joined;
            }
        }
    }

    /// <summary>Gets the separator that goes between two pieces of text: nothing between two full-width CJK characters, else one space.</summary>
    /// <param name="before">The last character of the first piece.</param>
    /// <param name="after">The first character of the second piece.</param>
    /// <returns><c>""</c> or <c>" "</c>.</returns>
    public static string Separator(char before, char after) => Cjk.IsWide(before) && Cjk.IsWide(after) ? string.Empty : " ";

    private static string JoinLines(string block, string evidence)
    {
        var result = new StringBuilder(block.Length);
        foreach (string raw in block.Split('\n'))
        {
            string line = WhitespacePattern().Replace(raw, " ").Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (result.Length == 0)
            {
                result.Append(line);
                continue;
            }

            char last = result[^1];
            if (last == SoftHyphen)
            {
                result.Length--;
            }
            else if (last is '-' or '\u2010' && result.Length >= 2 && char.IsLetterOrDigit(result[^2]))
            {
                if (IsBrokenWord(result, line, evidence))
                {
                    result.Length--;
                }
            }
            else
            {
                result.Append(Separator(last, line[0]));
            }

            result.Append(line);
        }

        return result.ToString();
    }

    // `result` ends with a hyphen after a letter or digit; `next` is the following line.
    private static bool IsBrokenWord(StringBuilder result, string next, string evidence)
    {
        int hyphen = result.Length - 1;
        int start = hyphen;
        while (start > 0 && char.IsLetter(result[start - 1]))
        {
            start--;
        }

        if (hyphen - start < 2 || !char.IsLower(next[0]))
        {
            return false;
        }

        int end = 0;
        while (end < next.Length && char.IsLetter(next[end]))
        {
            end++;
        }

        string hyphenated = string.Concat(result.ToString(start, hyphen - start + 1), next.AsSpan(0, end));
        return !evidence.Contains(hyphenated, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\n[ \t\r\f\v]*\n|\f", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLinePattern();

    [GeneratedRegex(@"[ \t\r\v\u00A0]+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespacePattern();
}
