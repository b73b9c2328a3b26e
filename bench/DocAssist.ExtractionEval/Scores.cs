namespace DocAssist.ExtractionEval;

/// <summary>The measures that compare DocAssist's text with the reference (pdftotext).</summary>
internal static class Scores
{
    /// <summary>The fewest letters a reference text needs to count as a real text layer.</summary>
    public const int MinRealLetters = 50;

    /// <summary>The share of unreadable characters from which a text layer is not real text.</summary>
    public const double MaxUnreadableShare = 0.30;

    /// <summary>Computes the share of reference tokens (as a multiset) found among ours.</summary>
    /// <param name="reference">The reference tokens.</param>
    /// <param name="ours">DocAssist's tokens.</param>
    /// <returns>The recall, or 1 when the reference has no token.</returns>
    public static double Recall(IReadOnlyList<string> reference, IReadOnlyList<string> ours)
    {
        if (reference.Count == 0)
        {
            return 1;
        }

        Dictionary<string, int> available = Count(ours);
        int found = 0;
        foreach (string token in reference)
        {
            if (available.TryGetValue(token, out int n) && n > 0)
            {
                available[token] = n - 1;
                found++;
            }
        }

        return (double)found / reference.Count;
    }

    /// <summary>Counts the tokens of <see cref="WordTokens.LongTokenLetters"/> letters or more.</summary>
    /// <param name="tokens">The tokens.</param>
    /// <returns>How many are long.</returns>
    public static int LongTokens(IReadOnlyList<string> tokens) => tokens.Count(t => WordTokens.Letters(t) >= WordTokens.LongTokenLetters);

    /// <summary>
    /// Compares the order of the words that occur exactly once in each text: the longest run of them that both texts
    /// have in the same order (longest increasing subsequence), as a share of those words.
    /// </summary>
    /// <param name="reference">The reference tokens.</param>
    /// <param name="ours">DocAssist's tokens.</param>
    /// <returns>The score and the number of shared unique words; the score is null when there are none.</returns>
    public static (double? Score, int Shared) Order(IReadOnlyList<string> reference, IReadOnlyList<string> ours)
    {
        Dictionary<string, int> referenceCounts = Count(reference);
        Dictionary<string, int> ourCounts = Count(ours);
        var referencePosition = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < reference.Count; i++)
        {
            string token = reference[i];
            if (referenceCounts[token] == 1 && ourCounts.GetValueOrDefault(token) == 1)
            {
                referencePosition[token] = i;
            }
        }

        var sequence = new List<int>(referencePosition.Count);
        foreach (string token in ours)
        {
            if (referencePosition.TryGetValue(token, out int position))
            {
                sequence.Add(position);
            }
        }

        return sequence.Count == 0 ? (null, 0) : ((double)LongestIncreasing(sequence) / sequence.Count, sequence.Count);
    }

    /// <summary>Tells whether the reference text is a real text layer: enough letters, few unreadable characters.</summary>
    /// <param name="text">The reference text.</param>
    /// <returns>The verdict, the letter count and the unreadable share.</returns>
    public static (bool IsReal, int Letters, double Unreadable) RealText(string text)
    {
        int letters = 0, unreadable = 0, visible = 0;
        foreach (System.Text.Rune rune in text.EnumerateRunes())
        {
            if (System.Text.Rune.IsWhiteSpace(rune))
            {
                continue;
            }

            visible++;
            if (System.Text.Rune.IsLetter(rune))
            {
                letters++;
            }

            if (IsUnreadable(rune.Value))
            {
                unreadable++;
            }
        }

        double share = visible == 0 ? 0 : (double)unreadable / visible;
        return (letters >= MinRealLetters && share < MaxUnreadableShare, letters, share);
    }

    // The replacement character, control characters and private-use code points: glyphs without a known Unicode value.
    private static bool IsUnreadable(int c) =>
        c is 0xFFFD or < 0x20 or (>= 0x7F and < 0xA0) or (>= 0xE000 and <= 0xF8FF) or >= 0xF0000;

    private static int LongestIncreasing(List<int> sequence)
    {
        // Patience sorting: tails[k] is the smallest tail of an increasing run of length k + 1.
        var tails = new List<int>();
        foreach (int value in sequence)
        {
            int i = tails.BinarySearch(value);
            if (i < 0)
            {
                i = ~i;
            }

            if (i == tails.Count)
            {
                tails.Add(value);
            }
            else
            {
                tails[i] = value;
            }
        }

        return tails.Count;
    }

    private static Dictionary<string, int> Count(IReadOnlyList<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string token in tokens)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        return counts;
    }
}
