using DocAssist.Core.Model;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.Llm.Summaries;

/// <summary>Summarizes without a model: TextRank over the document's sentences, section by section so the whole document is covered.</summary>
/// <remarks>Stateless and thread-safe; deterministic for a given document.</remarks>
public static class ExtractiveSummarizer
{
    /// <summary>The most sentences ranked together; longer documents are ranked in consecutive sections of this size.</summary>
    public const int SectionSentences = 300;

    /// <summary>The PageRank damping factor.</summary>
    public const double Damping = 0.85;

    /// <summary>PageRank iterations.</summary>
    public const int Iterations = 40;

    /// <summary>Shortest sentence considered, in estimated tokens (about 25 characters of Latin text, 8 CJK letters).</summary>
    public const int MinSentenceTokens = 8;

    /// <summary>Picks the most central sentences of a document's content text (see <see cref="ContentText"/>: running headers, footers and page numbers are not candidates).</summary>
    /// <param name="document">The document.</param>
    /// <param name="length">How many sentences: short 4, medium 8, long 16, and at most about a third of the document.</param>
    /// <param name="cancellationToken">Checked between sections.</param>
    /// <returns>The summary.</returns>
    public static ExtractiveSummary Summarize(Document document, SummaryLength length = SummaryLength.Medium, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sentences = new List<(string Text, int Page)>();
        foreach (Page page in document.Pages)
        {
            foreach (string s in Sentences.Split(ContentText.Of(page)))
            {
                if (Tokens.Estimate(s) >= MinSentenceTokens && s.Count(char.IsLetter) >= s.Length / 2)
                {
                    sentences.Add((s, page.Number));
                }
            }
        }

        // A short document gets about a third of its sentences, so the summary stays shorter than the text.
        int want = length switch { SummaryLength.Short => 4, SummaryLength.Long => 16, _ => 8 };
        want = Math.Min(want, Math.Max(3, (sentences.Count + 2) / 3));
        if (sentences.Count <= want)
        {
            return new ExtractiveSummary(document.File, sentences, sentences.Count);
        }

        // Rank section by section and give each section picks in proportion to its size: no part of the document is left out.
        int sections = (sentences.Count + SectionSentences - 1) / SectionSentences;
        int perSection = Math.Max(1, (int)Math.Ceiling((double)want / sections));
        var chosen = new List<int>();
        for (int s = 0; s < sections; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = s * SectionSentences;
            int count = Math.Min(SectionSentences, sentences.Count - start);
            double[] scores = Rank(sentences.GetRange(start, count).Select(x => x.Text).ToList());
            chosen.AddRange(Enumerable.Range(0, count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(perSection).Select(i => start + i));
        }

        return new ExtractiveSummary(document.File, [.. chosen.Order().Select(i => sentences[i])], sentences.Count);
    }

    /// <summary>Scores sentences by TextRank (word-overlap similarity, normalised by log lengths).</summary>
    /// <param name="sentences">The sentences.</param>
    /// <returns>One score per sentence.</returns>
    public static double[] Rank(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int n = sentences.Count;
        HashSet<string>[] words = [.. sentences.Select(s => QueryTerms.Extract(s).ToHashSet(StringComparer.Ordinal))];
        var weights = new double[n, n];
        var outSum = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (words[i].Count < 2 || words[j].Count < 2)
                {
                    continue;
                }

                int overlap = words[i].Count(words[j].Contains);
                if (overlap == 0)
                {
                    continue;
                }

                double w = overlap / (Math.Log(words[i].Count) + Math.Log(words[j].Count));
                weights[i, j] = weights[j, i] = w;
                outSum[i] += w;
                outSum[j] += w;
            }
        }

        var score = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (int it = 0; it < Iterations; it++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    if (weights[j, i] > 0)
                    {
                        sum += weights[j, i] / outSum[j] * score[j];
                    }
                }

                next[i] = (1 - Damping) + (Damping * sum);
            }

            (score, next) = (next, score);
        }

        return score;
    }
}
