using System.Text;
using DocAssist.Core.Model;

namespace DocAssist.Llm.Text;

/// <summary>Finds where passages of a page's content text sit on the page: the boxes of the words they cover, merged into one box per line.</summary>
/// <remarks>
/// <para>Content text leaves out page furniture, joins lines and undoes hyphenation (see <see cref="ContentText"/>), so a passage is not a
/// verbatim run of the page's words. Both sides are reduced to lower-case letters and digits, the words concatenated into one stream;
/// each passage token is then looked for just after the previous one, skipping a little of the stream (a header, a footnote mark).
/// A passage starts where a run of its first tokens is found, and after several misses in a row the walk starts again the same way.</para>
/// <para>A page without words falls back to its blocks: every block a passage token is found in gives its box. Passages are located in
/// reading order; one locator serves one page and is not thread-safe.</para>
/// </remarks>
internal sealed class PassageLocator
{
    // Characters of unmatched stream a token may be found after (page furniture, footnote marks, a superscript).
    private const int Slack = 64;

    // A run of tokens this long is trusted as a starting point even inside a word (CJK text has no spaces to split at).
    private const int AnchorChars = 8;
    private const int LooseAnchorChars = 12;

    // Tokens walked on from a candidate starting point to judge it, and how many candidate places are judged at most.
    private const int FollowTokens = 16;
    private const int MaxAnchorPlaces = 64;

    // Misses in a row after which the walk looks for a new starting point.
    private const int MaxMisses = 3;

    // Normalised tokens longer than this are cut, so one misread character does not lose a whole CJK run.
    private const int MaxTokenChars = 16;

    private readonly string _stream;
    private readonly int[] _owner;
    private readonly BoundingBox[] _boxes;
    private readonly bool _byBlock;
    private int _from;

    private PassageLocator(List<(string Text, BoundingBox Box)> units, bool byBlock)
    {
        var stream = new StringBuilder();
        var owner = new List<int>();
        _boxes = new BoundingBox[units.Count];
        for (int u = 0; u < units.Count; u++)
        {
            _boxes[u] = units[u].Box;
            int before = stream.Length;
            Normalize(units[u].Text, stream);
            for (int i = before; i < stream.Length; i++)
            {
                owner.Add(u);
            }
        }

        _stream = stream.ToString();
        _owner = [.. owner];
        _byBlock = byBlock;
    }

    /// <summary>Gets a locator for a page, or <see langword="null"/> when the page has neither words nor blocks with boxes.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The locator.</returns>
    public static PassageLocator? For(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Words.Count > 0)
        {
            return new PassageLocator([.. page.Words.Select(w => (w.Text, w.Box))], byBlock: false);
        }

        var units = new List<(string Text, BoundingBox Box)>();
        foreach (TextBlock block in page.Blocks)
        {
            if (block.Box is { } box && !block.IsFurniture)
            {
                units.AddRange(block.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => (t, box)));
            }
        }

        return units.Count == 0 ? null : new PassageLocator(units, byBlock: true);
    }

    /// <summary>Gets the boxes of the words a passage covers, one per line (or one per block when the page has no words).</summary>
    /// <param name="passage">A passage of the page's content text; passages are given in reading order.</param>
    /// <returns>The boxes in reading order; empty when none of the passage is found.</returns>
    public IReadOnlyList<BoundingBox> Locate(string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        List<string> tokens = Tokens(passage);
        var units = new SortedSet<int>();
        int cursor = -1, misses = 0, start = -1;
        for (int i = 0; i < tokens.Count;)
        {
            if (cursor < 0)
            {
                (int at, int used, int length) = Anchor(tokens, i);
                if (at < 0)
                {
                    i++;
                    continue;
                }

                start = start < 0 ? at : start;
                Mark(units, at, length);
                cursor = at + length;
                misses = 0;
                i += used;
                continue;
            }

            int found = Near(tokens[i], cursor);
            if (found >= 0)
            {
                Mark(units, found, tokens[i].Length);
                cursor = found + tokens[i].Length;
                misses = 0;
            }
            else if (++misses >= MaxMisses)
            {
                _from = cursor;
                cursor = -1;
            }

            i++;
        }

        // The next passage repeats this one's tail, so it is looked for from where this one starts.
        if (start >= 0)
        {
            _from = start;
        }

        return Merge(units);
    }

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var buffer = new StringBuilder();
        foreach (string raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            buffer.Clear();
            Normalize(raw, buffer);
            for (int at = 0; at < buffer.Length; at += MaxTokenChars)
            {
                tokens.Add(buffer.ToString(at, Math.Min(MaxTokenChars, buffer.Length - at)));
            }
        }

        return tokens;
    }

    // Letters and digits only, lower case; surrogate pairs are kept whole so both sides agree.
    private static void Normalize(string text, StringBuilder into)
    {
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                into.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsSurrogate(c))
            {
                into.Append(c);
            }
        }
    }

    private bool IsUnitStart(int at) => at == 0 || _owner[at - 1] != _owner[at];

    // A run of tokens from `first` long enough to be trusted, found from where the previous passage started, else anywhere.
    private (int At, int Used, int Length) Anchor(List<string> tokens, int first)
    {
        var run = new StringBuilder();
        int used = 0;
        while (first + used < tokens.Count && used < 3 && run.Length < AnchorChars)
        {
            run.Append(tokens[first + used]);
            used++;
        }

        string s = run.ToString();
        if (s.Length == 0)
        {
            return (-1, 0, 0);
        }

        // A short run is trusted only when it is all the passage has.
        if (s.Length < AnchorChars && tokens.Count > used)
        {
            return (-1, 0, 0);
        }

        // Text repeats itself (a table's rows, a form's labels): of the places the run occurs, the one the following tokens go on from
        // wins, the first after where the previous passage started on a tie.
        bool anywhere = s.Length >= LooseAnchorChars;
        int from = Math.Min(_from, _stream.Length);
        int best = -1, bestScore = -1, tried = 0;
        foreach (int at in Occurrences(s, from, _stream.Length, anywhere).Concat(Occurrences(s, 0, from, anywhere)))
        {
            int score = Follow(tokens, first + used, at + s.Length);
            if (score > bestScore)
            {
                (best, bestScore) = (at, score);
            }

            if (score == FollowTokens || ++tried == MaxAnchorPlaces)
            {
                break;
            }
        }

        return best < 0 ? (-1, 0, 0) : (best, used, s.Length);
    }

    private IEnumerable<int> Occurrences(string s, int from, int end, bool anywhere)
    {
        for (int at = _stream.IndexOf(s, from, StringComparison.Ordinal); at >= 0 && at < end; at = _stream.IndexOf(s, at + 1, StringComparison.Ordinal))
        {
            if (anywhere || IsUnitStart(at))
            {
                yield return at;
            }
        }
    }

    // How many of the next tokens are found walking on from `cursor` (an anchor's worth: enough to tell repeated text apart).
    private int Follow(List<string> tokens, int next, int cursor)
    {
        int found = 0;
        for (int i = next; i < Math.Min(tokens.Count, next + FollowTokens); i++)
        {
            int at = Near(tokens[i], cursor);
            if (at >= 0)
            {
                found++;
                cursor = at + tokens[i].Length;
            }
        }

        return found == Math.Min(tokens.Count - next, FollowTokens) ? FollowTokens : found;
    }

    // The token straight at the cursor (the rest of a word), or at the start of a word a little further on.
    private int Near(string token, int cursor)
    {
        int window = Math.Min(Slack + token.Length, _stream.Length - cursor);
        for (int at = _stream.IndexOf(token, cursor, window, StringComparison.Ordinal); at >= 0;)
        {
            if (at == cursor || IsUnitStart(at))
            {
                return at;
            }

            int next = at + 1;
            int left = cursor + window - next;
            at = left >= token.Length ? _stream.IndexOf(token, next, left, StringComparison.Ordinal) : -1;
        }

        return -1;
    }

    private void Mark(SortedSet<int> units, int at, int length)
    {
        for (int u = _owner[at]; u <= _owner[at + length - 1]; u++)
        {
            units.Add(u);
        }
    }

    private List<BoundingBox> Merge(SortedSet<int> units)
    {
        var boxes = new List<BoundingBox>();
        BoundingBox? current = null;
        BoundingBox last = default;
        int lastUnit = -1;
        foreach (int u in units)
        {
            BoundingBox box = _boxes[u];
            if (current is { } line && (_byBlock ? box == last : u - lastUnit <= 3 && SameLine(last, box)))
            {
                current = line.Union(box);
            }
            else
            {
                if (current is { } done && !boxes.Contains(done))
                {
                    boxes.Add(done);
                }

                current = box;
            }

            last = box;
            lastUnit = u;
        }

        if (current is { } end && !boxes.Contains(end))
        {
            boxes.Add(end);
        }

        return boxes;
    }

    // The next word on the same line: to the right of the previous one, their heights overlapping by at least half the smaller one.
    private static bool SameLine(BoundingBox a, BoundingBox b)
    {
        int overlap = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        int smaller = Math.Min(a.Bottom - a.Top, b.Bottom - b.Top);
        return b.Left >= a.Left && overlap * 2 >= smaller;
    }
}
