using System.Globalization;
using System.Text;
using DocAssist.App.Output;

namespace DocAssist.Server;

/// <summary>Finds words in a document's pages and gives their boxes, so the page can highlight them on its image.</summary>
/// <remarks>Words match whole, ignoring case, accents and the punctuation around them (<c>Zürich,</c> matches <c>zurich</c>); a query of
/// several words matches them in a row, and its last word may be the start of a word (search as you type).</remarks>
internal static class PageSearch
{
    private const int ContextWords = 6;

    /// <summary>Most matches returned for one query.</summary>
    public const int MaxMatches = 200;

    /// <summary>Finds a query in pages.</summary>
    /// <param name="query">The words to find.</param>
    /// <param name="pages">The document's pages, in order.</param>
    /// <returns>The matches, in page order, at most <see cref="MaxMatches"/>.</returns>
    public static IReadOnlyList<SearchMatch> Find(string query, IEnumerable<PageJson> pages)
    {
        string[] terms = [.. query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Fold).Where(t => t.Length > 0)];
        var matches = new List<SearchMatch>();
        if (terms.Length == 0)
        {
            return matches;
        }

        foreach (PageJson page in pages)
        {
            IReadOnlyList<WordJson> words = page.Words ?? [];
            string[] folded = [.. words.Select(w => Fold(w.Text))];
            for (int i = 0; i + terms.Length <= folded.Length && matches.Count < MaxMatches; i++)
            {
                if (!MatchesAt(folded, i, terms))
                {
                    continue;
                }

                int from = Math.Max(0, i - ContextWords), to = Math.Min(words.Count, i + terms.Length + ContextWords);
                string text = string.Join(' ', words.Skip(from).Take(to - from).Select(w => w.Text));
                matches.Add(new SearchMatch(page.Number, text, [.. words.Skip(i).Take(terms.Length).Select(w => w.Box)]));
                i += terms.Length - 1;
            }
        }

        return matches;
    }

    private static bool MatchesAt(string[] words, int at, string[] terms)
    {
        for (int j = 0; j < terms.Length; j++)
        {
            bool last = j == terms.Length - 1;
            if (!(last ? words[at + j].StartsWith(terms[j], StringComparison.Ordinal) : words[at + j] == terms[j]))
            {
                return false;
            }
        }

        return true;
    }

    // Lower case, no accents, no punctuation at either end.
    private static string Fold(string word)
    {
        string lower = word.Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var kept = new StringBuilder(lower.Length);
        foreach (char c in lower)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        int start = 0, end = kept.Length;
        while (start < end && !char.IsLetterOrDigit(kept[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(kept[end - 1]))
        {
            end--;
        }

        return kept.ToString(start, end - start);
    }
}
