using System.Globalization;
using System.Text;
using DocAssist.Llm.Text;

namespace DocAssist.Llm.Retrieval;

/// <summary>Turns a question into search terms: words, lower-cased, without English and French function words; runs of CJK letters become character bigrams, as in the index.</summary>
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

        bool cjkRun = false;

        void Take()
        {
            if (word.Length == 0)
            {
                return;
            }

            string w = word.ToString().ToLower(CultureInfo.InvariantCulture);
            word.Clear();
            if (cjkRun)
            {
                terms.AddRange(Cjk.Bigrams(w).Where(b => !terms.Contains(b)).Distinct());
            }
            else if (!Stopwords.Contains(w) && (w.Length > 1 || char.IsDigit(w[0])) && !terms.Contains(w))
            {
                terms.Add(w);
            }
        }

        foreach (char c in question)
        {
            if (char.IsLetterOrDigit(c))
            {
                // A CJK run is a term of its own even without a space before or after it (`PDF文件`).
                bool cjk = Cjk.IsLetter(c);
                if (cjk != cjkRun)
                {
                    Take();
                    cjkRun = cjk;
                }

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
    /// <remarks>A single CJK letter is a prefix query: the index holds it only inside bigrams that start with it.</remarks>
    public static string? ToFts5(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Count == 0
            ? null
            : string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (t.Length == 1 && Cjk.IsLetter(t[0]) ? "*" : string.Empty)));
    }
}
