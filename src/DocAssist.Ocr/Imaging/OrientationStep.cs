namespace DocAssist.Ocr.Imaging;

/// <summary>Turns a page upright when the worker's <see cref="OrientationDetector"/> is confident it is rotated by 90, 180 or 270 degrees.</summary>
public sealed class OrientationStep : IPreprocessStep
{
    /// <summary>The default confidence needed before a page is turned (measured on the dev set: see docs/ocr-preprocessing.md).</summary>
    public const float DefaultMinConfidence = 2.0f;

    /// <summary>Initializes a new instance of the <see cref="OrientationStep"/> class.</summary>
    /// <param name="minConfidence">The orientation confidence needed before a page is turned.</param>
    public OrientationStep(float minConfidence = DefaultMinConfidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minConfidence);
        MinConfidence = minConfidence;
    }

    /// <summary>Gets the orientation confidence needed before a page is turned.</summary>
    public float MinConfidence { get; }

    /// <inheritdoc/>
    public string Name => "orientation";

    /// <inheritdoc/>
    public void Apply(PreprocessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.OrientationDetector is not { } detector)
        {
            return;
        }

        GrayImage page = context.AsGray();
        OrientationResult found = detector.Detect(page);
        context.Orientation = found;
        if (found.Rotation == 0)
        {
            return;
        }

        if (found.Confidence < MinConfidence)
        {
            context.Warnings.Add($"the page may be turned {found.Rotation}° (orientation confidence {found.Confidence:0.0} below {MinConfidence:0.0}); read as it is");
            return;
        }

        context.SetGray(page.RotateClockwise(found.Rotation));
        context.Rotation = (context.Rotation + found.Rotation) % 360;
    }
}
