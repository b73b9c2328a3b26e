using System.Text;

namespace DocAssist.Testing;

/// <summary>Character and word error rates against ground truth, after normalising whitespace.</summary>
public static class TextMetrics
{
    /// <summary>Character error rate: edit distance ÷ reference length, on whitespace-normalised NFC text.</summary>
    public static double CharacterErrorRate(string reference, string hypothesis)
    {
        string r = Normalize(reference);
        string h = Normalize(hypothesis);
        return r.Length == 0 ? (h.Length == 0 ? 0 : 1) : (double)EditDistance(r.AsSpan(), h.AsSpan()) / r.Length;
    }

    /// <summary>Word error rate: word-level edit distance ÷ reference word count.</summary>
    public static double WordErrorRate(string reference, string hypothesis)
    {
        string[] r = Normalize(reference).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] h = Normalize(hypothesis).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return r.Length == 0 ? (h.Length == 0 ? 0 : 1) : (double)EditDistance<string>(r, h) / r.Length;
    }

    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public static int EditDistance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : IEquatable<T>
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1].Equals(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
