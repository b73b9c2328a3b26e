namespace DocAssist.Ocr.Imaging;

/// <summary>Estimates how tall a page's letters are, in pixels, from the connected components of its dark ink.</summary>
/// <remarks>
/// The page is thresholded once (Otsu) on a reduced copy, its 8-connected ink components are labelled run by run, and the median height of
/// those shaped like letters is returned: on running text most letters are x-height ones (a, e, n, o...), so the median sits at the
/// x-height or a little above. Specks, rules, frames and pictures are not letter-shaped and do not move the median.
/// </remarks>
public static class TextHeight
{
    /// <summary>Fewer letter-shaped components than this and the page is not judged (a photo, a nearly blank page).</summary>
    public const int MinLetters = 40;

    /// <summary>The reduced copy is at most this many pixels (the estimate needs letters, not detail; an 8-megapixel page is read at a quarter of its pixels).</summary>
    private const int SamplePixels = 2_500_000;

    /// <summary>Returns the median letter height of a gray page in the page's own pixels, or <see langword="null"/> when it holds too few letter-shaped components.</summary>
    /// <param name="page">The page, dark text on a light ground (a mostly dark page is read inverted).</param>
    /// <returns>The median height, or <see langword="null"/>.</returns>
    public static double? Median(GrayImage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        int step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)page.Width * page.Height / SamplePixels)));
        int width = page.Width / step;
        int height = page.Height / step;
        if (width < 16 || height < 16)
        {
            return null;
        }

        ReadOnlySpan<byte> pixels = page.Pixels.Span;
        var sample = new byte[width * height];
        Span<int> histogram = stackalloc int[256];
        for (int y = 0; y < height; y++)
        {
            int row = y * step * page.Width;
            for (int x = 0; x < width; x++)
            {
                byte value = pixels[row + (x * step)];
                sample[(y * width) + x] = value;
                histogram[value]++;
            }
        }

        int threshold = InkContrast.Otsu(histogram).Threshold;
        int dark = 0;
        for (int v = 0; v <= threshold; v++)
        {
            dark += histogram[v];
        }

        bool inkIsDark = dark <= sample.Length / 2;
        List<int> heights = LetterHeights(sample, width, height, threshold, inkIsDark);
        if (heights.Count < MinLetters)
        {
            return null;
        }

        heights.Sort();
        return heights[heights.Count / 2] * (double)step;
    }

    /// <summary>Labels the 8-connected ink components row by row (runs joined through a union-find) and returns the heights of the letter-shaped ones.</summary>
    private static List<int> LetterHeights(byte[] sample, int width, int height, int threshold, bool inkIsDark)
    {
        var parent = new List<int>();
        var top = new List<int>();
        var bottom = new List<int>();
        var left = new List<int>();
        var right = new List<int>();
        var previous = new List<(int Start, int End, int Label)>();
        var current = new List<(int Start, int End, int Label)>();

        for (int y = 0; y < height; y++)
        {
            current.Clear();
            int row = y * width;
            int x = 0;
            int p = 0;
            while (x < width)
            {
                if (!IsInk(sample[row + x]))
                {
                    x++;
                    continue;
                }

                int start = x;
                while (x < width && IsInk(sample[row + x]))
                {
                    x++;
                }

                int end = x - 1;
                int label = -1;

                // 8-connected: a run above touches this one when it reaches one column past either end.
                while (p < previous.Count && previous[p].End < start - 1)
                {
                    p++;
                }

                for (int q = p; q < previous.Count && previous[q].Start <= end + 1; q++)
                {
                    int other = Find(parent, previous[q].Label);
                    if (label < 0)
                    {
                        label = other;
                    }
                    else if (other != label)
                    {
                        parent[other] = label;
                        top[label] = Math.Min(top[label], top[other]);
                        bottom[label] = Math.Max(bottom[label], bottom[other]);
                        left[label] = Math.Min(left[label], left[other]);
                        right[label] = Math.Max(right[label], right[other]);
                    }
                }

                if (label < 0)
                {
                    label = parent.Count;
                    parent.Add(label);
                    top.Add(y);
                    bottom.Add(y);
                    left.Add(start);
                    right.Add(end);
                }
                else
                {
                    bottom[label] = y;
                    left[label] = Math.Min(left[label], start);
                    right[label] = Math.Max(right[label], end);
                }

                current.Add((start, end, label));
            }

            (previous, current) = (current, previous);
        }

        var heights = new List<int>();
        int maxHeight = height / 8;
        for (int label = 0; label < parent.Count; label++)
        {
            if (parent[label] != label)
            {
                continue;
            }

            int h = bottom[label] - top[label] + 1;
            int w = right[label] - left[label] + 1;

            // Letter-shaped: taller than a speck, not a rule, a frame or a picture.
            if (h >= 4 && h <= maxHeight && w <= 3 * h && w * 8 >= h)
            {
                heights.Add(h);
            }
        }

        return heights;

        bool IsInk(byte value) => inkIsDark ? value <= threshold : value > threshold;
    }

    private static int Find(List<int> parent, int label)
    {
        while (parent[label] != label)
        {
            parent[label] = parent[parent[label]];
            label = parent[label];
        }

        return label;
    }
}
