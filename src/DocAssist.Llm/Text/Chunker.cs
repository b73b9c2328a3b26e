using System.Text;
using DocAssist.Core.Model;

namespace DocAssist.Llm.Text;

/// <summary>Cuts documents into chunks that keep their page span: small single-page passages for retrieval, large multi-page parts for map-reduce.</summary>
/// <remarks>Stateless and thread-safe. Every character of every page lands in some chunk: nothing is dropped.</remarks>
public static class Chunker
{
    /// <summary>The default passage size for retrieval, in estimated tokens.</summary>
    public const int DefaultPassageTokens = 160;

    /// <summary>The default overlap between consecutive passages of a page, in estimated tokens.</summary>
    public const int DefaultOverlapTokens = 30;

    /// <summary>Cuts each page into passages of about <paramref name="maxTokens"/> that never cross a page, so a citation names one page.</summary>
    /// <param name="document">The document.</param>
    /// <param name="maxTokens">The passage size.</param>
    /// <param name="overlapTokens">How much of a passage's end is repeated at the start of the next one on the same page.</param>
    /// <returns>The passages in reading order.</returns>
    public static IReadOnlyList<Chunk> ForRetrieval(Document document, int maxTokens = DefaultPassageTokens, int overlapTokens = DefaultOverlapTokens)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapTokens);
        var chunks = new List<Chunk>();
        int maxChars = Tokens.Chars(maxTokens);
        int overlapChars = Tokens.Chars(overlapTokens);
        foreach (Page page in document.Pages)
        {
            var current = new StringBuilder();
            bool fresh = false;
            foreach (string sentence in SplitLong(Sentences.Split(page.Text), maxChars))
            {
                if (fresh && current.Length + 1 + sentence.Length > maxChars)
                {
                    string done = current.ToString();
                    chunks.Add(new Chunk(document.File, page.Number, page.Number, done, chunks.Count));
                    current.Clear().Append(Tail(done, overlapChars));
                    fresh = false;
                }

                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(sentence);
                fresh = true;
            }

            if (fresh && current.Length > 0)
            {
                chunks.Add(new Chunk(document.File, page.Number, page.Number, current.ToString(), chunks.Count));
            }
        }

        return chunks;
    }

    /// <summary>Packs whole pages into parts of at most <paramref name="maxTokens"/>; a page larger than that is split at sentences.</summary>
    /// <param name="document">The document.</param>
    /// <param name="maxTokens">The part size.</param>
    /// <returns>The parts in reading order, each with its page span.</returns>
    public static IReadOnlyList<Chunk> ForSummary(Document document, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 64);
        int maxChars = Tokens.Chars(maxTokens);
        var chunks = new List<Chunk>();
        var current = new StringBuilder();
        int first = 0, last = 0;

        void Flush()
        {
            if (current.Length > 0)
            {
                chunks.Add(new Chunk(document.File, first, last, current.ToString(), chunks.Count));
                current.Clear();
            }
        }

        foreach (Page page in document.Pages)
        {
            string header = $"--- page {page.Number} ---\n";
            string text = page.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (current.Length > 0 && current.Length + header.Length + text.Length + 1 > maxChars)
            {
                Flush();
            }

            if (header.Length + text.Length + 1 <= maxChars)
            {
                if (current.Length == 0)
                {
                    first = page.Number;
                }

                current.Append(header).Append(text).Append('\n');
                last = page.Number;
                continue;
            }

            // A page larger than a part: split it at sentences, each piece still naming its page.
            foreach (string sentence in SplitLong(Sentences.Split(text), maxChars - header.Length - 1))
            {
                if (current.Length > 0 && current.Length + sentence.Length + 1 > maxChars)
                {
                    Flush();
                }

                if (current.Length == 0)
                {
                    first = page.Number;
                    current.Append(header);
                }

                current.Append(sentence).Append(' ');
                last = page.Number;
            }
        }

        Flush();
        return chunks;
    }

    private static IEnumerable<string> SplitLong(IEnumerable<string> sentences, int maxChars)
    {
        foreach (string s in sentences)
        {
            if (s.Length <= maxChars)
            {
                yield return s;
                continue;
            }

            // A "sentence" longer than a chunk (tables, OCR without punctuation): cut at spaces.
            int at = 0;
            while (at < s.Length)
            {
                int length = Math.Min(maxChars, s.Length - at);
                if (at + length < s.Length)
                {
                    int space = s.LastIndexOf(' ', at + length - 1, length);
                    if (space > at + (length / 2))
                    {
                        length = space - at;
                    }
                }

                yield return s.Substring(at, length).Trim();
                at += length;
            }
        }
    }

    private static string Tail(string text, int chars)
    {
        if (chars <= 0 || text.Length <= chars)
        {
            return chars <= 0 ? string.Empty : text;
        }

        int space = text.IndexOf(' ', text.Length - chars);
        return space < 0 ? string.Empty : text[(space + 1)..];
    }
}
