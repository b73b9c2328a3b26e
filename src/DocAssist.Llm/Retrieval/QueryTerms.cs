using System.Globalization;
using System.Text;

namespace DocAssist.Llm.Retrieval;

/// <summary>Turns a question into search terms: words, lower-cased, without English and French function words.</summary>
public static class QueryTerms
{
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be",
        "been", "being", "do", "does", "did", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "that", "this",
        "these", "those", "it", "its", "has", "have", "had", "can", "could", "would", "should", "will", "shall", "may", "might", "there",
        "their", "they", "them", "he", "she", "his", "her", "him", "we", "our", "you", "your", "i", "me", "my", "not", "no", "than", "then",
        "into", "about", "after", "before", "during", "some", "any", "many", "much", "most", "more", "other", "such", "also", "if", "so",
        "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "ou", "à", "au", "aux", "en", "dans", "par", "pour", "sur", "avec",
        "est", "sont", "été", "était", "qui", "que", "qu", "quoi", "quel", "quelle", "quels", "quelles", "quand", "où", "comment", "pourquoi",
        "ce", "cet", "cette", "ces", "il", "elle", "ils", "elles", "on", "se", "s", "son", "sa", "ses", "leur", "leurs", "ne", "pas", "plus",
        "a-t-il", "a-t-elle", "t", "y", "combien", "lequel", "laquelle", "fait", "faire",
    };

    /// <summary>Extracts the distinct search terms of a question, in order.</summary>
    /// <param name="question">The question.</param>
    /// <returns>The terms; empty when the question has none.</returns>
    public static IReadOnlyList<string> Extract(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var terms = new List<string>();
        var word = new StringBuilder();

        void Take()
        {
            if (word.Length > 0)
            {
                string w = word.ToString().ToLower(CultureInfo.InvariantCulture);
                word.Clear();
                if (!Stopwords.Contains(w) && (w.Length > 1 || char.IsDigit(w[0])) && !terms.Contains(w))
                {
                    terms.Add(w);
                }
            }
        }

        foreach (char c in question)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else
            {
                Take();
            }
        }

        Take();
        return terms;
    }

    /// <summary>Builds an FTS5 query matching any of the terms (each quoted, so no term is read as syntax).</summary>
    /// <param name="terms">The terms.</param>
    /// <returns>The MATCH expression, or <see langword="null"/> when there are no terms.</returns>
    public static string? ToFts5(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }
}
