using System.Text;

namespace DocAssist.Llm.Text;

/// <summary>Chinese, Japanese and Korean text: which characters are written without spaces between words, and their character bigrams for the index.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class Cjk
{
    /// <summary>Gets a value indicating whether a character is Han, Hiragana, Katakana or Hangul (a script whose words are not separated by spaces, or whose particles cling to the word).</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for a CJK letter; <see langword="false"/> for punctuation, digits and everything else.</returns>
    public static bool IsLetter(char c) =>
        c is (>= '\u3400' and <= '\u4DBF') // CJK Unified Ideographs Extension A
            or (>= '\u4E00' and <= '\u9FFF') // CJK Unified Ideographs
            or (>= '\uF900' and <= '\uFAFF') // CJK Compatibility Ideographs
            or (>= '\u3005' and <= '\u3007') // 々 〆 〇
            or (>= '\u3041' and <= '\u309F') // Hiragana
            or (>= '\u30A0' and <= '\u30FF') // Katakana (with ー)
            or (>= '\u31F0' and <= '\u31FF') // Katakana phonetic extensions
            or (>= '\uFF66' and <= '\uFF9F') // half-width Katakana
            or (>= '\u1100' and <= '\u11FF') // Hangul Jamo
            or (>= '\u3130' and <= '\u318F') // Hangul compatibility Jamo
            or (>= '\uAC00' and <= '\uD7AF'); // Hangul syllables

    /// <summary>Gets a value indicating whether a character is set full-width in CJK text: a CJK letter, CJK punctuation (<c>。、「」</c>) or a full-width form (<c>！？（）０</c>).</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> when no space belongs between it and a neighbouring wide character.</returns>
    public static bool IsWide(char c) => IsLetter(c) || c is (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF');

    /// <summary>Gets a value indicating whether a text holds any CJK letter.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when at least one character is a CJK letter.</returns>
    public static bool Any(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            if (IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites one run of CJK letters as overlapping character bigrams (<c>保險公司</c> → <c>保險 險公 公司</c>); a single letter stays a unigram.</summary>
    /// <param name="run">A run of CJK letters.</param>
    /// <returns>The bigrams, in order.</returns>
    public static IEnumerable<string> Bigrams(string run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Length == 1)
        {
            yield return run;
            yield break;
        }

        for (int i = 0; i + 1 < run.Length; i++)
        {
            yield return run.Substring(i, 2);
        }
    }

    /// <summary>Gets the index terms of a text's CJK runs: every run's bigrams, space-separated; empty when the text has no CJK letter.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The bigrams, one space between each.</returns>
    public static string IndexTerms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new StringBuilder();
        int at = 0;
        while (at < text.Length)
        {
            if (!IsLetter(text[at]))
            {
                at++;
                continue;
            }

            int end = at;
            while (end < text.Length && IsLetter(text[end]))
            {
                end++;
            }

            foreach (string bigram in Bigrams(text[at..end]))
            {
                terms.Append(terms.Length == 0 ? string.Empty : " ").Append(bigram);
            }

            at = end;
        }

        return terms.ToString();
    }
}
