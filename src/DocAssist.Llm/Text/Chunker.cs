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

    /// <summary>Cuts each page's content text (see <see cref="ContentText"/>) into passages of about <paramref name="maxTokens"/> that never cross a page, so a citation names one page.</summary>
    /// <remarks>Each passage carries the boxes of the page words it covers, one per line (see <see cref="Chunk.Boxes"/>); on a page without
    /// words, the boxes of the blocks it covers; on a page with neither (plain text), none.</remarks>
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
        foreach (Page page in document.Pages)
        {
            PassageLocator? locator = null;
            var current = new StringBuilder();
            double tokens = 0;
            bool fresh = false;
            foreach (string sentence in SplitLong(Sentences.Split(ContentText.Of(page)), maxTokens))
            {
                double cost = Tokens.Cost(sentence);
                if (fresh && tokens + cost > maxTokens)
                {
                    string done = current.ToString();
                    chunks.Add(Passage(document, page, done, chunks.Count, ref locator));
                    string tail = Tail(done, overlapTokens);
                    current.Clear().Append(tail);
                    tokens = Tokens.Cost(tail);
                    fresh = false;
                }

                Append(current, sentence);
                tokens += cost + (1 / Tokens.CharsPerToken);
                fresh = true;
            }

            if (fresh && current.Length > 0)
            {
                chunks.Add(Passage(document, page, current.ToString(), chunks.Count, ref locator));
            }
        }

        return chunks;
    }

    /// <summary>Packs the content text (see <see cref="ContentText"/>) of whole pages into parts of at most <paramref name="maxTokens"/>; a page larger than that is split at sentences.</summary>
    /// <param name="document">The document.</param>
    /// <param name="maxTokens">The part size.</param>
    /// <returns>The parts in reading order, each with its page span.</returns>
    public static IReadOnlyList<Chunk> ForSummary(Document document, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 64);
        var chunks = new List<Chunk>();
        var current = new StringBuilder();
        double tokens = 0;
        int first = 0, last = 0;

        void Flush()
        {
            if (current.Length > 0)
            {
                chunks.Add(new Chunk(document.File, first, last, current.ToString(), chunks.Count));
                current.Clear();
                tokens = 0;
            }
        }

        foreach (Page page in document.Pages)
        {
            string header = $"--- page {page.Number} ---\n";
            string text = ContentText.Of(page);
            if (text.Length == 0)
            {
                continue;
            }

            double headerCost = Tokens.Cost(header);
            double textCost = Tokens.Cost(text) + Tokens.Cost('\n');
            if (current.Length > 0 && tokens + headerCost + textCost > maxTokens)
            {
                Flush();
            }

            if (headerCost + textCost <= maxTokens)
            {
                if (current.Length == 0)
                {
                    first = page.Number;
                }

                current.Append(header).Append(text).Append('\n');
                tokens += headerCost + textCost;
                last = page.Number;
                continue;
            }

            // A page larger than a part: split it at sentences, each piece still naming its page.
            foreach (string sentence in SplitLong(Sentences.Split(text), (int)(maxTokens - headerCost - 1)))
            {
                double cost = Tokens.Cost(sentence) + Tokens.Cost(' ');
                if (current.Length > 0 && tokens + cost > maxTokens)
                {
                    Flush();
                }

                if (current.Length == 0)
                {
                    first = page.Number;
                    current.Append(header);
                    tokens = headerCost;
                }

                current.Append(sentence).Append(' ');
                tokens += cost;
                last = page.Number;
            }
        }

        Flush();
        return chunks;
    }

    private static Chunk Passage(Document document, Page page, string text, int index, ref PassageLocator? locator)
    {
        locator ??= PassageLocator.For(page);
        return new Chunk(document.File, page.Number, page.Number, text, index) { Boxes = locator?.Locate(text) ?? [], Frame = PageFrame.Of(page) };
    }

    private static void Append(StringBuilder text, string piece)
    {
        if (text.Length > 0)
        {
            text.Append(ContentText.Separator(text[^1], piece[0]));
        }

        text.Append(piece);
    }

    private static IEnumerable<string> SplitLong(IEnumerable<string> sentences, int maxTokens)
    {
        foreach (string s in sentences)
        {
            if (Tokens.Cost(s) <= maxTokens)
            {
                yield return s;
                continue;
            }

            // A "sentence" longer than a chunk (tables, OCR without punctuation, CJK without full stops): cut at spaces, or anywhere in CJK text.
            int at = 0;
            while (at < s.Length)
            {
                int end = at;
                double cost = 0;
                while (end < s.Length && cost + Tokens.Cost(s[end]) <= maxTokens)
                {
                    cost += Tokens.Cost(s[end]);
                    end++;
                }

                if (end < s.Length)
                {
                    int space = s.LastIndexOf(' ', end - 1, end - at);
                    if (space > at + ((end - at) / 2))
                    {
                        end = space;
                    }
                    else if (char.IsHighSurrogate(s[end - 1]) && end - 1 > at)
                    {
                        end--;
                    }
                }

                string piece = s[at..end].Trim();
                if (piece.Length > 0)
                {
                    yield return piece;
                }

                at = end;
            }
        }
    }

    // The end of a passage worth about `tokens`, starting at a word (after a space, or at a CJK letter).
    private static string Tail(string text, int tokens)
    {
        if (tokens <= 0)
        {
            return string.Empty;
        }

        int start = text.Length;
        double cost = 0;
        while (start > 0 && cost + Tokens.Cost(text[start - 1]) <= tokens)
        {
            cost += Tokens.Cost(text[start - 1]);
            start--;
        }

        if (start == 0)
        {
            return text;
        }

        while (start < text.Length && text[start - 1] != ' ' && !Cjk.IsWide(text[start]))
        {
            start++;
        }

        return text[start..].TrimStart();
    }
}
