using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace DocAssist.Pdf.Layout;

/// <summary>Builds a page's words, lines and blocks in reading order from its glyphs' positions and sizes.</summary>
/// <remarks>
/// <para>
/// Words come from geometry, not from the file's space glyphs: many PDFs place every word by position and draw no space at all,
/// and PdfPig's content-order text then glues them (<c>StatementsofAssetsandLiabilities</c>). A gap wider than
/// <see cref="WordGap"/> of the font size starts a new word, as <c>pdftotext</c> does, measured from the line's own letter spacing
/// so letter-spaced titles do not fall apart into single letters.
/// </para>
/// <para>
/// Reading order is a recursive cut of the page: a gutter shared by text columns splits them (left column first), a horizontal
/// run of slabs that share no gutter (a title, an abstract) is read before the columns under it, and a region that is no column
/// layout (a table) is read row by row. Overprinted glyphs (the same glyph drawn again at almost the same place, "fake bold")
/// are kept once. Right-to-left lines (Hebrew, Arabic) are put in logical order.
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static class PageLayout
{
    /// <summary>The gap, as a fraction of the font size above the line's own letter spacing, that separates two words (pdftotext uses 0.1).</summary>
    public const double WordGap = 0.1;

    /// <summary>The gap, as a fraction of the font size, that splits a row into separate segments (columns, table cells).</summary>
    public const double SegmentGap = 1.0;

    /// <summary>How far apart two copies of a glyph may be, as a fraction of the font size, to count as one overprinted glyph.</summary>
    public const double OverprintTolerance = 0.15;

    /// <summary>The narrowest gutter between text columns, as a fraction of the font size.</summary>
    public const double MinGutter = 0.6;

    /// <summary>How long (in characters) the lines holding half of a side's text must be for a vertical cut to count as text columns rather than table columns.</summary>
    public const int MinColumnLineChars = 15;

    /// <summary>The widest usual distance between a text column's baselines, as a multiple of the font size (a form's rows are set wider).</summary>
    public const double MaxColumnLinePitch = 1.6;

    /// <summary>How far apart two baselines may be, as a fraction of the font size, to count as one row of a table or form.</summary>
    public const double AlignedBaseline = 0.2;

    /// <summary>The widest gap, as a fraction of the font size, between a superscript or subscript and the glyph it belongs to.</summary>
    public const double ScriptGap = 0.3;

    /// <summary>How far a superscript's or subscript's baseline may be from its line's, as a fraction of the line's font size.</summary>
    public const double ScriptOffset = 0.6;

    /// <summary>The most glyphs a run of superscript or subscript may have to be joined to the line beside it.</summary>
    public const int MaxScriptGlyphs = 4;

    /// <summary>The most glyphs a row may have to be looked at for superscripts and subscripts (footnote marks or raised letters along a line).</summary>
    public const int MaxScriptRowGlyphs = 60;

    /// <summary>The widest line pitch, as a multiple of the font size, at which evenly spaced lines still make one block (double spacing).</summary>
    public const double MaxLineSpacing = 2.5;

    /// <summary>Lays out a page.</summary>
    /// <param name="letters">The page's letters, as PdfPig gives them (view frame: after <c>/Rotate</c>, origin bottom-left).</param>
    /// <param name="pageHeight">The height of the page as a viewer shows it, in points (to turn boxes top-left).</param>
    /// <returns>The lines in reading order, grouped into blocks.</returns>
    public static IReadOnlyList<LayoutBlock> Analyze(IReadOnlyList<Letter> letters, double pageHeight)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var glyphs = new List<Glyph>(letters.Count);
        foreach (Letter letter in letters)
        {
            if (Glyph.TryCreate(letter, pageHeight) is { } glyph)
            {
                glyphs.Add(glyph);
            }
        }

        // One reading frame per text direction; the page's main direction first, rotated labels after it.
        var blocks = new List<LayoutBlock>();
        foreach (IGrouping<int, Glyph> direction in glyphs.GroupBy(g => g.Angle).OrderByDescending(g => g.Count(x => !x.IsSpace)))
        {
            List<Glyph> kept = RemoveOverprints(direction.ToList());
            List<Segment> segments = BuildSegments(kept);
            List<LayoutLine> lines = [.. Order(segments).Select(rowSegments => LayoutLine.From(rowSegments))];
            blocks.AddRange(GroupBlocks(lines));
        }

        return blocks;
    }

    // Drops a glyph that repeats an earlier one (same text) within a fraction of the font size: fake bold, drop shadows.
    private static List<Glyph> RemoveOverprints(List<Glyph> glyphs)
    {
        // A spatial hash of the glyphs kept, by cells of a fixed size: a copy lies in its own cell or a neighbouring one.
        const double Cell = 4.0;
        var seen = new Dictionary<long, List<Glyph>>(glyphs.Count);
        var kept = new List<Glyph>(glyphs.Count);
        foreach (Glyph g in glyphs)
        {
            if (g.IsSpace)
            {
                kept.Add(g);
                continue;
            }

            // Never as far as half the glyph's own advance: in tiny text the next letter of a doubled pair ("cc", "00") is that close.
            double advance = g.X1 - g.X0;
            double tolerance = Math.Max(0.5, OverprintTolerance * g.Size);
            tolerance = Math.Min(advance > 0 ? Math.Min(tolerance, 0.5 * advance) : tolerance, Cell);
            long cx = (long)Math.Floor(g.X0 / Cell), cy = (long)Math.Floor(g.Baseline / Cell);
            bool duplicate = false;
            for (long dx = -1; dx <= 1 && !duplicate; dx++)
            {
                for (long dy = -1; dy <= 1 && !duplicate; dy++)
                {
                    if (seen.TryGetValue(CellKey(cx + dx, cy + dy), out List<Glyph>? near))
                    {
                        foreach (Glyph o in near)
                        {
                            if (Math.Abs(o.X0 - g.X0) <= tolerance && Math.Abs(o.Baseline - g.Baseline) <= tolerance && o.Text == g.Text)
                            {
                                duplicate = true;
                                break;
                            }
                        }
                    }
                }
            }

            if (duplicate)
            {
                continue;
            }

            long key = CellKey(cx, cy);
            if (!seen.TryGetValue(key, out List<Glyph>? list))
            {
                seen[key] = list = new List<Glyph>(2);
            }

            list.Add(g);
            kept.Add(g);
        }

        return kept;
    }

    private static long CellKey(long x, long y) => (x << 32) ^ (y & 0xFFFFFFFF);

    // Rows by baseline, then each row cut into segments at wide gaps, each segment into words.
    private static List<Segment> BuildSegments(List<Glyph> glyphs)
    {
        var rows = new List<List<Glyph>>();
        var rowBaselines = new List<double>();
        var rowSizes = new List<double>();
        // Top to bottom, left to right; ties keep the content order (a stable sort, without LINQ's cost on every page).
        (Glyph Glyph, int Index)[] ordered = [.. glyphs.Select((g, i) => (g, i))];
        Array.Sort(ordered, static (a, b) =>
            a.Glyph.Baseline != b.Glyph.Baseline ? b.Glyph.Baseline.CompareTo(a.Glyph.Baseline)
            : a.Glyph.X0 != b.Glyph.X0 ? a.Glyph.X0.CompareTo(b.Glyph.X0)
            : a.Index.CompareTo(b.Index));
        foreach ((Glyph g, _) in ordered)
        {
            int found = -1;
            for (int i = rows.Count - 1; i >= 0 && i >= rows.Count - 8; i--)
            {
                double tolerance = 0.3 * Math.Min(rowSizes[i], g.Size);
                if (Math.Abs(rowBaselines[i] - g.Baseline) <= tolerance)
                {
                    found = i;
                    break;
                }
            }

            if (found < 0)
            {
                rows.Add([g]);
                rowBaselines.Add(g.Baseline);
                rowSizes.Add(g.Size);
            }
            else
            {
                rows[found].Add(g);
                if (!g.IsSpace)
                {
                    rowSizes[found] = Math.Max(rowSizes[found], g.Size);
                }
            }
        }

        foreach (List<Glyph> row in rows)
        {
            row.Sort((a, b) => a.X0.CompareTo(b.X0));
        }

        AttachScripts(rows, rowBaselines);
        var segments = new List<Segment>();
        foreach (List<Glyph> row in rows)
        {
            segments.AddRange(SplitRow(row));
        }

        return segments;
    }

    // Superscripts, subscripts and raised or lowered letters (the A and E of the LaTeX logo, a footnote mark, an index) sit on
    // a baseline of their own; a short run of them that touches a glyph of a nearby row belongs to that row's word.
    private static void AttachScripts(List<List<Glyph>> rows, List<double> baselines)
    {
        var moves = new List<(int From, int To, List<Glyph> Run)>();
        for (int i = 0; i < rows.Count; i++)
        {
            // A script sits on a row of its own, with few glyphs; a line of text is no candidate (its short words are not
            // scripts, and checking each of them against the rows nearby would cost most of the page's time).
            if (rows[i].Count > MaxScriptRowGlyphs)
            {
                continue;
            }

            List<Glyph> ink = [.. rows[i].Where(g => !g.IsSpace)];
            int start = 0;
            while (start < ink.Count)
            {
                int end = start + 1;
                while (end < ink.Count && ink[end].X0 - ink[end - 1].X1 <= ScriptGap * ink[end].Size)
                {
                    end++;
                }

                if (end - start <= MaxScriptGlyphs && ScriptHost(rows, baselines, i, ink, start, end) is int host)
                {
                    moves.Add((i, host, ink.GetRange(start, end - start)));
                }

                start = end;
            }
        }

        foreach ((int from, int to, List<Glyph> run) in moves)
        {
            foreach (Glyph g in run)
            {
                rows[from].Remove(g);
            }

            rows[to].AddRange(run);
            rows[to].Sort((a, b) => a.X0.CompareTo(b.X0));
        }
    }

    // The nearby row whose text the run [start, end) of row i touches at one of its ends, on a baseline a fraction of that
    // text's size away; none when the run is the larger text, nothing touches it, or it lies over that row's text (two texts
    // drawn over each other are not a script). Sizes are the touching glyph's, not the row's: one huge glyph can sit in a row.
    private static int? ScriptHost(List<List<Glyph>> rows, List<double> baselines, int i, List<Glyph> ink, int start, int end)
    {
        double x0 = ink[start].X0, x1 = ink[end - 1].X1, baseline = baselines[i];
        double size = ink.Skip(start).Take(end - start).Max(g => g.Size);
        for (int j = Math.Max(0, i - 4); j < Math.Min(rows.Count, i + 5); j++)
        {
            if (j == i || rows[j].Count <= 2 * (end - start))
            {
                continue;
            }

            bool touches = false, covers = false;
            foreach (Glyph g in rows[j])
            {
                if (g.IsSpace)
                {
                    continue;
                }

                double touch = ScriptGap * g.Size;
                covers |= Math.Min(g.X1, x1) - Math.Max(g.X0, x0) > touch;
                touches |= ((g.X1 >= x0 - touch && g.X1 <= x0 + touch) || (g.X0 >= x1 - touch && g.X0 <= x1 + touch))
                    && Math.Abs(g.Baseline - baseline) <= ScriptOffset * g.Size && size <= 1.05 * g.Size;
            }

            if (touches && !covers)
            {
                return j;
            }
        }

        return null;
    }

    private static IEnumerable<Segment> SplitRow(List<Glyph> row)
    {
        List<Glyph> ink = [.. row.Where(g => !g.IsSpace)];
        if (ink.Count == 0)
        {
            yield break;
        }

        double size = Median(ink.Select(g => g.Size));
        double spacing = LetterSpacing(ink, size);
        var current = new List<Glyph>();
        var segmentWords = new List<List<Glyph>>();
        Glyph? previous = null;
        int next = 0;
        foreach (Glyph g in ink)
        {
            if (previous is not null)
            {
                double gap = g.X0 - previous.X1;
                double fontSize = Math.Min(previous.Size, g.Size);

                // A space glyph drawn between the two breaks the word whatever the gap. One that starts inside the previous
                // glyph is not between them: right-to-left producers draw a word's space first, over its last letter.
                bool spaceBetween = false;
                for (; next < row.Count && row[next].X0 < g.X0; next++)
                {
                    spaceBetween |= row[next].IsSpace && row[next].X0 >= (previous.X0 + previous.X1) / 2;
                }

                if (gap > SegmentGap * Math.Max(fontSize, size) + spacing)
                {
                    segmentWords.Add(current);
                    yield return new Segment(segmentWords);
                    segmentWords = [];
                    current = [];
                }
                else if (spaceBetween || gap > (WordGap * fontSize) + spacing)
                {
                    segmentWords.Add(current);
                    current = [];
                }
            }

            current.Add(g);
            previous = g;
        }

        segmentWords.Add(current);
        yield return new Segment(segmentWords);
    }

    // The line's own letter spacing (character spacing, justification): the median gap when most gaps are alike and small.
    private static double LetterSpacing(List<Glyph> ink, double size)
    {
        if (ink.Count < 9)
        {
            return 0;
        }

        var gaps = new List<double>(ink.Count - 1);
        for (int i = 1; i < ink.Count; i++)
        {
            gaps.Add(ink[i].X0 - ink[i - 1].X1);
        }

        double median = Median(gaps);
        return Math.Clamp(median, 0, 0.2 * size);
    }

    // Recursive cut: text columns split at their shared gutter; slabs without one are read in turn; anything else row by row.
    private static List<List<Segment>> Order(List<Segment> segments)
    {
        if (segments.Count == 0)
        {
            return [];
        }

        if (TryCutColumns(segments, out List<Segment>? left, out List<Segment>? right))
        {
            return [.. Order(left), .. Order(right)];
        }

        List<List<Segment>> slabs = Slabs(segments);
        if (slabs.Count > 1)
        {
            // Consecutive slabs that leave a common gutter free may be one column layout: try them together.
            var groups = new List<List<Segment>>();
            List<(double From, double To)>? free = null;
            double size = Median(segments.Select(s => s.Size));
            (double minX, double maxX) = (segments.Min(s => s.X0), segments.Max(s => s.X1));
            foreach (List<Segment> slab in slabs)
            {
                List<(double From, double To)> slabFree = FreeIntervals(slab, minX, maxX, MinGutter * size);
                List<(double From, double To)> shared = free is null ? [] : Intersect(free, slabFree, MinGutter * size);

                // Only a gutter (text on both sides of it) joins slabs: a shared margin beside a centred title does not.
                shared = groups.Count == 0 ? shared : [.. shared.Where(f => IsGutter(f, groups[^1]))];
                if (groups.Count > 0 && shared.Count > 0)
                {
                    groups[^1].AddRange(slab);
                    free = shared;
                }
                else
                {
                    groups.Add([.. slab]);
                    free = slabFree;
                }
            }

            if (groups.Count > 1)
            {
                return [.. groups.SelectMany(Order)];
            }

            return [.. slabs.SelectMany(Rows)];
        }

        return Rows(segments);
    }

    // Rows top to bottom, segments left to right.
    private static List<List<Segment>> Rows(List<Segment> segments)
    {
        var rows = new List<List<Segment>>();
        foreach (Segment s in segments.OrderByDescending(s => s.Baseline).ThenBy(s => s.X0))
        {
            if (rows.Count > 0 && Math.Abs(rows[^1][0].Baseline - s.Baseline) <= 0.3 * Math.Min(rows[^1][0].Size, s.Size))
            {
                rows[^1].Add(s);
            }
            else
            {
                rows.Add([s]);
            }
        }

        foreach (List<Segment> row in rows)
        {
            row.Sort((a, b) => a.X0.CompareTo(b.X0));
        }

        return rows;
    }

    // Splits segments at every horizontal band no segment crosses.
    private static List<List<Segment>> Slabs(List<Segment> segments)
    {
        var slabs = new List<List<Segment>>();
        double bottom = double.MaxValue;
        foreach (Segment s in segments.OrderByDescending(s => s.Top))
        {
            if (slabs.Count == 0 || s.Top < bottom)
            {
                slabs.Add([s]);
                bottom = s.Bottom;
            }
            else
            {
                slabs[^1].Add(s);
                bottom = Math.Min(bottom, s.Bottom);
            }
        }

        return slabs;
    }

    // A gutter: the slabs already grouped hold text on both sides of it. A line centred over the columns (a title, an
    // affiliation) leaves margins free, not a gutter, and a heading alone on its row starts a group of its own.
    private static bool IsGutter((double From, double To) gap, List<Segment> group) =>
        group.Any(s => s.X1 <= gap.From) && group.Any(s => s.X0 >= gap.To);

    private static bool TryCutColumns(List<Segment> segments, out List<Segment> left, out List<Segment> right)
    {
        left = right = [];
        if (segments.Count < 4)
        {
            return false;
        }

        double size = Median(segments.Select(s => s.Size));
        (double minX, double maxX) = (segments.Min(s => s.X0), segments.Max(s => s.X1));
        foreach ((double from, double to) in FreeIntervals(segments, minX, maxX, MinGutter * size).OrderByDescending(f => f.To - f.From))
        {
            double cut = (from + to) / 2;
            List<Segment> l = [.. segments.Where(s => s.X1 <= cut)];
            List<Segment> r = [.. segments.Where(s => s.X0 >= cut)];
            bool leftColumn = IsColumn(l), rightColumn = IsColumn(r), aligned = RowsAligned(l, r);
            if ((leftColumn && rightColumn && !(aligned && Lopsided(l, r)))
                || ((leftColumn || rightColumn) && !aligned && Readable(leftColumn ? r : l, leftColumn ? l : r)))
            {
                (left, right) = (l, r);
                return true;
            }
        }

        return false;
    }

    // Text, not a table column: several lines, most of its text in sentence-long lines. Weighing lines by their characters
    // keeps a column whose displayed equations fall apart into many short pieces (subscripts, fraction parts) a column.
    private static bool IsColumn(List<Segment> side)
    {
        if (side.Count < 2)
        {
            return false;
        }

        // Text lines follow each other closely; a form's label column has rows set well apart. Figure labels and equation
        // pieces among them say nothing about that, so only sentence-long lines count.
        List<Segment> lines = [.. side.Where(s => s.CharCount >= MinColumnLineChars)];
        var baselines = lines.Select(s => s.Baseline).Distinct().OrderByDescending(b => b).ToList();
        var pitches = new List<double>();
        for (int i = 1; i < baselines.Count; i++)
        {
            double pitch = baselines[i - 1] - baselines[i];
            if (pitch > 0.3 * lines[0].Size)
            {
                pitches.Add(pitch);
            }
        }

        double size = Median(lines.Select(s => s.Size));
        if (pitches.Count > 0 && Median(pitches) > MaxColumnLinePitch * size)
        {
            return false;
        }

        List<int> counts = [.. side.Select(s => s.CharCount)];
        counts.Sort();
        int half = counts.Sum() / 2, seen = 0;
        foreach (int count in counts)
        {
            seen += count;
            if (seen >= half)
            {
                return count >= MinColumnLineChars;
            }
        }

        return false;
    }

    // Whether a side that is no text column may still be read after (or before) the column beside it: its text is of a size to
    // read (tiny hidden anchors in the margin are not), and it starts no more than a line above the column (else it is a
    // heading over it).
    private static bool Readable(List<Segment> side, List<Segment> column)
    {
        double size = Median(column.Select(s => s.Size));
        return Median(side.Select(s => s.Size)) >= 0.5 * size && side.Max(s => s.Top) <= column.Max(s => s.Top) + (1.5 * size);
    }

    // Whether one side is less than half as wide as the other: with their rows lined up, that is a paragraph's lines running
    // past an obstacle (a picture, a blanked-out word) rather than two columns, which are set to one width.
    private static bool Lopsided(List<Segment> left, List<Segment> right)
    {
        double leftWidth = left.Max(s => s.X1) - left.Min(s => s.X0), rightWidth = right.Max(s => s.X1) - right.Min(s => s.X0);
        return Math.Min(leftWidth, rightWidth) < 0.5 * Math.Max(leftWidth, rightWidth);
    }

    // Whether most lines of the side with fewer of them sit on a baseline of the other side: a table's rows, or a form's
    // labels and values. A text column beside a figure's labels or a small table keeps its own baselines.
    private static bool RowsAligned(List<Segment> left, List<Segment> right)
    {
        (List<Segment> few, List<Segment> many) = left.Count <= right.Count ? (left, right) : (right, left);
        if (few.Count == 0)
        {
            return false;
        }

        int aligned = few.Count(s => many.Any(o => Math.Abs(o.Baseline - s.Baseline) <= AlignedBaseline * Math.Min(o.Size, s.Size)));
        return aligned * 2 >= few.Count;
    }

    // The x intervals inside [minX, maxX] that no segment covers, at least minWidth wide.
    private static List<(double From, double To)> FreeIntervals(List<Segment> segments, double minX, double maxX, double minWidth)
    {
        var free = new List<(double, double)>();
        double reach = minX;
        foreach (Segment s in segments.OrderBy(s => s.X0))
        {
            if (s.X0 - reach >= minWidth)
            {
                free.Add((reach, s.X0));
            }

            reach = Math.Max(reach, s.X1);
        }

        if (maxX - reach >= minWidth && reach > minX)
        {
            free.Add((reach, maxX));
        }

        return free;
    }

    private static List<(double From, double To)> Intersect(List<(double From, double To)> a, List<(double From, double To)> b, double minWidth)
    {
        var shared = new List<(double, double)>();
        foreach ((double af, double at) in a)
        {
            foreach ((double bf, double bt) in b)
            {
                double from = Math.Max(af, bf), to = Math.Min(at, bt);
                if (to - from >= minWidth)
                {
                    shared.Add((from, to));
                }
            }
        }

        return shared;
    }

    // Consecutive lines close together, of about the same size and overlapping horizontally, make a block.
    private static List<LayoutBlock> GroupBlocks(List<LayoutLine> lines)
    {
        var blocks = new List<LayoutBlock>();
        List<LayoutLine>? current = null;
        for (int i = 0; i < lines.Count; i++)
        {
            LayoutLine line = lines[i];
            if (current is not null)
            {
                LayoutLine last = current[^1];
                double gap = last.Bottom - line.Top;
                double ratio = line.Size / last.Size;
                bool overlaps = Math.Min(last.X1, line.X1) > Math.Max(last.X0, line.X0);
                bool close = gap >= -0.5 * last.Size && gap <= 0.8 * Math.Max(last.Size, line.Size);
                if ((close || EvenlySpaced(lines, i)) && ratio is > 0.8 and < 1.25 && overlaps)
                {
                    current.Add(line);
                    continue;
                }

                blocks.Add(new LayoutBlock(current));
            }

            current = [line];
        }

        if (current is not null)
        {
            blocks.Add(new LayoutBlock(current));
        }

        return blocks;
    }

    // Double-spaced text: line i follows line i - 1 at the same distance as the line before or after that pair, no more than
    // MaxLineSpacing lines apart, so the gap is the text's line spacing and not a paragraph break.
    private static bool EvenlySpaced(List<LayoutLine> lines, int i)
    {
        LayoutLine above = lines[i - 1], line = lines[i];
        double pitch = above.Bottom - line.Bottom, size = Math.Max(above.Size, line.Size);
        if (pitch <= 0 || pitch > MaxLineSpacing * size)
        {
            return false;
        }

        bool Same(int a, int b) =>
            a >= 0 && b < lines.Count
            && Math.Abs(lines[a].Bottom - lines[b].Bottom - pitch) <= 0.1 * size
            && Math.Abs(lines[a].Size - line.Size) <= 0.1 * size;

        return Same(i - 2, i - 1) || Same(i, i + 1);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        sorted.Sort();
        return sorted[sorted.Count / 2];
    }

    /// <summary>One glyph in its reading frame (text running left to right along a horizontal baseline), with its box in the page's top-left frame.</summary>
    internal sealed class Glyph
    {
        private Glyph(string text, int angle, double x0, double x1, double baseline, double size, PdfRectangle box, double pageHeight)
        {
            Text = text;
            Angle = angle;
            X0 = x0;
            X1 = x1;
            Baseline = baseline;
            Size = size;
            Left = Math.Min(box.Left, box.Right);
            Right = Math.Max(box.Left, box.Right);
            TopDown = pageHeight - Math.Max(box.Top, box.Bottom);
            BottomDown = pageHeight - Math.Min(box.Top, box.Bottom);
        }

        public string Text { get; }

        // A control character other than the T1 quote, dash and ligature codes (see LayoutLine) is a glyph with no character
        // at all; the commonest is glyph 3 of a TrueType font without a Unicode map, its space. Like pdftotext, such a glyph
        // separates words rather than gluing them.
        public bool IsSpace => Text.Length == 0 || Text.All(c => char.IsWhiteSpace(c) || c is < '\u0010' or (>= '\u0017' and <= '\u001A'));

        public int Angle { get; }

        public double X0 { get; }

        public double X1 { get; }

        public double Baseline { get; }

        public double Size { get; }

        public double Left { get; }

        public double Right { get; }

        public double TopDown { get; }

        public double BottomDown { get; }

        public static Glyph? TryCreate(Letter letter, double pageHeight)
        {
            string text = letter.Value ?? string.Empty;
            if (text.Length == 0)
            {
                return null;
            }

            PdfPoint start = letter.StartBaseLine, end = letter.EndBaseLine;
            double dx = end.X - start.X, dy = end.Y - start.Y;
            double length = Math.Sqrt((dx * dx) + (dy * dy));
            int angle = length > 1e-6
                ? (int)Math.Round(Math.Atan2(dy, dx) * 180 / Math.PI)
                : letter.TextOrientation switch
                {
                    TextOrientation.Rotate90 => -90,
                    TextOrientation.Rotate270 => 90,
                    TextOrientation.Rotate180 => 180,
                    _ => 0,
                };
            angle = angle == -180 ? 180 : angle;
            double radians = angle * Math.PI / 180;
            double cos = Math.Cos(radians), sin = Math.Sin(radians);
            double x0 = (start.X * cos) + (start.Y * sin);
            double baseline = (-start.X * sin) + (start.Y * cos);
            double x1 = x0 + Math.Max(length, 0);
            PdfRectangle box = letter.BoundingBox;
            double size = letter.PointSize;
            if (!(size > 0.5) || double.IsNaN(size) || size > 1000)
            {
                size = Math.Max(1, Math.Max(Math.Abs(box.Height), Math.Abs(box.Width)));
            }

            if (length <= 1e-6)
            {
                x1 = x0 + Math.Max(Math.Abs(box.Width), 0.5 * size);
            }

            return new Glyph(text, angle, x0, x1, baseline, size, box, pageHeight);
        }
    }

    /// <summary>A run of words on one row with no wide gap inside.</summary>
    internal sealed class Segment
    {
        public Segment(List<List<Glyph>> words)
        {
            Words = [.. words.Where(w => w.Count > 0)];
            List<Glyph> all = [.. Words.SelectMany(w => w)];
            X0 = all.Min(g => g.X0);
            X1 = all.Max(g => g.X1);
            Size = Median(all.Select(g => g.Size));
            Baseline = Median(all.Select(g => g.Baseline));
            Top = Baseline + (0.8 * Size);
            Bottom = Baseline - (0.25 * Size);
            CharCount = all.Count;
        }

        public IReadOnlyList<List<Glyph>> Words { get; }

        public double X0 { get; }

        public double X1 { get; }

        public double Size { get; }

        public double Baseline { get; }

        public double Top { get; }

        public double Bottom { get; }

        public int CharCount { get; }
    }
}
