using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr.Imaging;

/// <summary>Reduces a page whose letters are larger than recognition needs, so that layout analysis and binarisation stop paying for pixels the reading never uses.</summary>
/// <remarks>
/// Tesseract's LSTM reads each text line scaled to a fixed height (36 pixels for the bundled models), so a 400-DPI page or 12-point
/// typewriting at 300 DPI is shrunk line by line anyway; but finding the lines, thresholding and cutting them out are paid on every pixel
/// of the page first. The step measures the median letter height (<see cref="TextHeight"/>) and, when it is above
/// <see cref="TargetHeight"/>, reduces the page towards it by area mapping, never below <see cref="MinDpi"/>. Small text is left alone.
/// </remarks>
public sealed class TextScaleStep : IPreprocessStep
{
    /// <summary>The default median letter height aimed at, in pixels.</summary>
    public const double DefaultTargetHeight = 16;

    /// <summary>The default lowest effective resolution a page is reduced to.</summary>
    public const double DefaultMinDpi = 150;

    /// <summary>Initializes a new instance of the <see cref="TextScaleStep"/> class.</summary>
    /// <param name="targetHeight">The median letter height aimed at, in pixels.</param>
    /// <param name="minDpi">The lowest effective resolution a page is reduced to.</param>
    public TextScaleStep(double targetHeight = DefaultTargetHeight, double minDpi = DefaultMinDpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetHeight, 8);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minDpi);
        TargetHeight = targetHeight;
        MinDpi = minDpi;
    }

    /// <summary>Gets the median letter height aimed at, in pixels.</summary>
    public double TargetHeight { get; }

    /// <summary>Gets the lowest effective resolution a page is reduced to.</summary>
    public double MinDpi { get; }

    /// <inheritdoc/>
    public string Name => "text-scale";

    /// <summary>Returns the reduction factor for a page (1 when it needs none).</summary>
    /// <param name="letterHeight">The page's median letter height in pixels, if measured.</param>
    /// <param name="effectiveDpi">The page's effective resolution.</param>
    /// <returns>A factor in (0, 1].</returns>
    public double FactorFor(double? letterHeight, double effectiveDpi)
    {
        if (letterHeight is not { } height || height <= TargetHeight * 1.1)
        {
            return 1;
        }

        double factor = Math.Max(TargetHeight / height, MinDpi / effectiveDpi);
        return factor >= 0.95 ? 1 : factor;
    }

    /// <inheritdoc/>
    public void Apply(PreprocessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GrayImage page = context.AsGray();
        double effective = UpscaleStep.EffectiveDpi(context.Dpi, context.Width, context.Height);
        double factor = FactorFor(TextHeight.Median(page), effective);
        if (factor >= 1)
        {
            return;
        }

        using LeptPixHandle source = LeptPixHandle.FromGray(page);
        using LeptPixHandle reduced = source.Reduce(factor);
        context.SetGray(reduced.ToGray(effective * factor));
        context.Dpi = effective * factor;
        context.Scale *= factor;
    }
}
