using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr.Imaging;

/// <summary>Straightens a slightly tilted page with Leptonica's skew finder (<c>pixFindSkew</c>: binarise, sweep and search at reduced size), then rotates it.</summary>
/// <remarks>Much cheaper than Magick's Deskew here. Angles under <see cref="MinAngle"/> or found with less than <see cref="MinConfidence"/> are left alone.</remarks>
public sealed class DeskewStep : IPreprocessStep
{
    /// <summary>The default smallest angle corrected: below it Tesseract copes on its own, and turning table pages by a few tenths of a degree hurt them (measured on the dev set).</summary>
    public const double DefaultMinAngle = 0.4;

    /// <summary>Gets the smallest angle in degrees worth correcting. Default: <see cref="DefaultMinAngle"/>.</summary>
    public double MinAngle { get; init; } = DefaultMinAngle;

    /// <summary>Gets the largest angle in degrees corrected; larger findings are taken for mistakes (tables, rules, photos). Default: 5.</summary>
    public double MaxAngle { get; init; } = 5;

    /// <summary>Gets the measurement confidence needed before a page is turned. Default: 3 (Leptonica's own threshold).</summary>
    public double MinConfidence { get; init; } = 3;

    /// <inheritdoc/>
    public string Name => "deskew";

    /// <inheritdoc/>
    public void Apply(PreprocessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GrayImage page = context.AsGray();
        using LeptPixHandle source = LeptPixHandle.FromGray(page);
        if (!LeptPixHandle.FindSkew(source, out float angle, out float confidence))
        {
            return;
        }

        context.SkewAngle = angle;
        context.SkewConfidence = confidence;
        if (Math.Abs(angle) < MinAngle || Math.Abs(angle) > MaxAngle || confidence < MinConfidence)
        {
            return;
        }

        using LeptPixHandle rotated = source.Rotate(angle);
        context.SetGray(rotated.ToGray(page.Dpi));
        context.Straightened += angle;
    }
}
