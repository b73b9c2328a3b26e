namespace DocAssist.Ocr.Imaging;

/// <summary>How well a gray image splits into ink and paper: Otsu's threshold and how much of the image's variance that split explains.</summary>
public static class InkContrast
{
    /// <summary>Finds Otsu's threshold of a 256-bin histogram: the gray level that best splits it in two classes (values at or below it are one class).</summary>
    /// <param name="histogram">The count of each gray level.</param>
    /// <returns>
    /// The threshold, and the separability: the between-class variance over the total variance, from 0 (nothing to split: a blank or
    /// uniformly noisy image) to 1 (two pure levels). Clear print on paper scores about 0.7–0.9; faint or low-contrast ink far less.
    /// </returns>
    public static (int Threshold, double Separability) Otsu(ReadOnlySpan<int> histogram)
    {
        if (histogram.Length != 256)
        {
            throw new ArgumentException("A gray histogram has 256 bins.", nameof(histogram));
        }

        long total = 0;
        double sumAll = 0;
        double squaresAll = 0;
        for (int v = 0; v < 256; v++)
        {
            total += histogram[v];
            sumAll += (double)v * histogram[v];
            squaresAll += (double)v * v * histogram[v];
        }

        if (total == 0)
        {
            return (127, 0);
        }

        double mean = sumAll / total;
        double variance = (squaresAll / total) - (mean * mean);
        double sumBelow = 0;
        long countBelow = 0;
        double best = 0;
        int threshold = 127;
        for (int v = 0; v < 255; v++)
        {
            countBelow += histogram[v];
            sumBelow += (double)v * histogram[v];
            long countAbove = total - countBelow;
            if (countBelow == 0 || countAbove == 0)
            {
                continue;
            }

            double meanBelow = sumBelow / countBelow;
            double meanAbove = (sumAll - sumBelow) / countAbove;
            double between = (double)countBelow / total * countAbove / total * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best)
            {
                best = between;
                threshold = v;
            }
        }

        return (threshold, variance <= 0 ? 0 : best / variance);
    }
}
