
namespace DocAssist.Pdf.Layout;

/// <summary>Reading order: a recursive cut of the page's segments into columns, slabs and rows, then lines grouped into blocks.</summary>
internal static partial class PageLayout
{
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
}
