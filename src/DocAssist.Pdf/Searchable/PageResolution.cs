using DocAssist.Core.Model;

namespace DocAssist.Pdf.Searchable;

/// <summary>Chooses the resolution that turns an image page's pixels into a page size: the one the file states when it is believable,
/// else one estimated from the height of the text OCR found, else a common scan resolution.</summary>
/// <remarks>
/// <para>The rule, in order:</para>
/// <list type="number">
/// <item>A stated resolution of at least <see cref="MinTrustedDpi"/> is used as it is: scanners write the real one.</item>
/// <item>Otherwise (none stated, or the 72 or 96 that cameras, screenshots and image editors write by default) the text decides, when
/// the page has at least <see cref="MinWordsToEstimate"/> words: body text's words are about <see cref="BodyWordHeightPoints"/> points
/// high (the median word box, measured on dev-set scans whose resolution is known: 6.1–8.4 pt), so the median word height in pixels
/// gives the resolution. A low stated resolution that agrees with the estimate within <see cref="Agreement"/> is kept.</item>
/// <item>Without enough text, a low stated resolution is kept, and an image that states none is taken to be
/// <see cref="AssumedDpi"/> (a common scan resolution): never Tesseract's 70.</item>
/// </list>
/// <para>Estimates are kept between <see cref="MinEstimatedDpi"/> and <see cref="MaxEstimatedDpi"/>.</para>
/// </remarks>
internal static class PageResolution
{
    /// <summary>The lowest stated resolution believed without checking.</summary>
    public const double MinTrustedDpi = 100;

    /// <summary>The resolution assumed when nothing else is known.</summary>
    public const double AssumedDpi = 300;

    /// <summary>The median height of a word's box in body text, in points.</summary>
    public const double BodyWordHeightPoints = 7.5;

    /// <summary>The fewest words a page needs for its text to say its resolution.</summary>
    public const int MinWordsToEstimate = 20;

    /// <summary>How far (as a ratio) a low stated resolution may be from the estimate and still be kept.</summary>
    public const double Agreement = 1.25;

    /// <summary>The lowest estimate given.</summary>
    public const double MinEstimatedDpi = 50;

    /// <summary>The highest estimate given.</summary>
    public const double MaxEstimatedDpi = 1200;

    /// <summary>Chooses a page's resolution.</summary>
    /// <param name="stated">What the file states, or <see langword="null"/>.</param>
    /// <param name="words">The words OCR found, boxes in the image's pixels.</param>
    /// <returns>The horizontal and vertical resolution, and how it was chosen (for reports).</returns>
    public static (double X, double Y, string How) Choose((double X, double Y)? stated, IReadOnlyList<Word> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (stated is { } s && Math.Min(s.X, s.Y) >= MinTrustedDpi)
        {
            return (s.X, s.Y, "stated");
        }

        double? estimate = Estimate(words);
        if (estimate is { } e)
        {
            if (stated is { } low && Math.Max(low.Y, e) / Math.Min(low.Y, e) <= Agreement)
            {
                return (low.X, low.Y, "stated");
            }

            return (e, e, "estimated from the text height");
        }

        return stated is { } fallback ? (fallback.X, fallback.Y, "stated") : (AssumedDpi, AssumedDpi, "assumed");
    }

    /// <summary>Estimates a page's resolution from its words' heights.</summary>
    /// <param name="words">The words, boxes in pixels.</param>
    /// <returns>The estimate, or <see langword="null"/> when there are too few words.</returns>
    public static double? Estimate(IReadOnlyList<Word> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        int[] heights = [.. words.Where(w => w.Text.Count(char.IsLetterOrDigit) >= 2).Select(w => w.Box.Bottom - w.Box.Top).Where(h => h > 0).Order()];
        if (heights.Length < MinWordsToEstimate)
        {
            return null;
        }

        double median = heights[heights.Length / 2];
        return Math.Round(Math.Clamp(median * 72 / BodyWordHeightPoints, MinEstimatedDpi, MaxEstimatedDpi));
    }
}
