namespace DocAssist.Llm.Text;

/// <summary>Guesses a text's language from its script (Chinese, Japanese, Korean) or its most common function words (English, French, German, Spanish, Italian, Dutch, Portuguese).</summary>
public static class LanguageGuess
{
    private static readonly (string Name, string[] Words)[] Languages =
    [
        ("English", ["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on", "are", "this", "be", "by"]),
        ("French", ["le", "la", "les", "et", "des", "du", "est", "une", "un", "dans", "que", "pour", "qui", "pas", "sur", "au"]),
        ("German", ["der", "die", "und", "das", "ist", "nicht", "mit", "den", "ein", "eine", "zu", "von", "auf", "für", "sich", "dem"]),
        ("Spanish", ["el", "los", "las", "y", "es", "una", "por", "con", "para", "del", "se", "que", "como", "al", "su", "lo"]),
        ("Italian", ["il", "di", "che", "è", "per", "una", "gli", "della", "con", "non", "sono", "nel", "delle", "alla", "anche", "lo"]),
        ("Dutch", ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "zijn", "voor", "met", "ook", "aan", "er", "wordt"]),
        ("Portuguese", ["o", "os", "as", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "que", "dos", "se", "ao"]),
    ];

    /// <summary>Guesses the language of a text.</summary>
    /// <param name="text">The text (a few thousand characters are enough).</param>
    /// <returns>The English name of the language, or <see langword="null"/> when too little text matches.</returns>
    public static string? Guess(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (GuessCjk(text.AsSpan(0, Math.Min(text.Length, 20000))) is { } cjk)
        {
            return cjk;
        }

        var counts = new int[Languages.Length];
        int words = 0;
        foreach (string w in text[..Math.Min(text.Length, 20000)].Split([' ', '\n', '\t', '\r', ',', '.', ';', ':', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            string lower = w.ToLowerInvariant();
            for (int i = 0; i < Languages.Length; i++)
            {
                if (Array.IndexOf(Languages[i].Words, lower) >= 0)
                {
                    counts[i]++;
                }
            }
        }

        int best = Array.IndexOf(counts, counts.Max());
        return words >= 8 && counts[best] >= Math.Max(2, words / 20) ? Languages[best].Name : null;
    }

    // Mostly CJK letters: Hangul is Korean; Han with a fair share of kana is Japanese; Han alone is Chinese.
    private static string? GuessCjk(ReadOnlySpan<char> text)
    {
        int letters = 0, han = 0, kana = 0, hangul = 0;
        foreach (char c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            if (!Cjk.IsLetter(c))
            {
                continue;
            }

            if (c is (>= '\u3041' and <= '\u30FF') or (>= '\u31F0' and <= '\u31FF') or (>= '\uFF66' and <= '\uFF9F'))
            {
                kana++;
            }
            else if (c is (>= '\u1100' and <= '\u11FF') or (>= '\u3130' and <= '\u318F') or (>= '\uAC00' and <= '\uD7AF'))
            {
                hangul++;
            }
            else
            {
                han++;
            }
        }

        int cjk = han + kana + hangul;
        if (cjk < 8 || cjk < letters / 3)
        {
            return null;
        }

        return hangul >= han + kana ? "Korean" : kana >= cjk / 10 + 1 ? "Japanese" : "Chinese";
    }
}
