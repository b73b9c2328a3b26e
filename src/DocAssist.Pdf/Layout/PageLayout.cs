using UglyToad.PdfPig.Content;

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
/// <para>Stateless and thread-safe. Three files: this one (glyphs to words and lines), <c>PageLayout.ReadingOrder.cs</c> (the cut into
/// columns, slabs and rows, and blocks), <c>PageLayout.Glyphs.cs</c> (the glyph and segment types both work on).</para>
/// </remarks>
internal static partial class PageLayout
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
}
