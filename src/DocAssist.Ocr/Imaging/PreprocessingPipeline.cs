namespace DocAssist.Ocr.Imaging;

/// <summary>An ordered list of preprocessing steps run on every page before OCR.</summary>
/// <remarks>Immutable and thread-safe: one pipeline serves every worker.</remarks>
public sealed class PreprocessingPipeline
{
    /// <summary>Initializes a new instance of the <see cref="PreprocessingPipeline"/> class.</summary>
    /// <param name="steps">The steps, in the order they run.</param>
    public PreprocessingPipeline(IEnumerable<IPreprocessStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Steps = [.. steps];
    }

    /// <summary>Gets a pipeline that only converts to gray.</summary>
    public static PreprocessingPipeline None { get; } = new([new GrayscaleStep()]);

    /// <summary>Gets the default pipeline: the configuration with the lowest mean character error rate on the dev set for its cost (grayscale, text-size reduction,
    /// upscale, deskew, orientation checked after a doubtful reading; see docs/ocr-preprocessing.md).</summary>
    /// <remarks>Pages whose median letter is taller than 16 pixels are reduced towards it, not below 150 DPI (dev set: mean CER 5.63 → 5.53 %,
    /// 9 % less CPU); that comes first, so a low-resolution page is never enlarged and then reduced. Pages still above 300 DPI are reduced to it
    /// (dev set: the two 400-DPI pages read better, CER 8.9 → 8.8 % and 4.8 → 2.1 %, in 4 % less CPU over the 30 pages; reducing to 250 cost
    /// accuracy), and pages below 150 DPI enlarged.</remarks>
    public static PreprocessingPipeline Default { get; } =
        new([new GrayscaleStep(), new TextScaleStep(), new UpscaleStep(maxDpi: Core.ExtractOptions.TargetDpi), new DeskewStep(), OrientationStep.Deferred]);

    /// <summary>Gets the steps in order.</summary>
    public IReadOnlyList<IPreprocessStep> Steps { get; }

    /// <summary>Gets the step names joined with <c>+</c>, e.g. <c>grayscale+upscale+orientation</c>.</summary>
    public string Name => string.Join('+', Steps.Select(s => s.Name));

    /// <summary>Returns whether the pipeline contains a step of the given type.</summary>
    /// <typeparam name="T">The step type.</typeparam>
    /// <returns><see langword="true"/> when such a step is present.</returns>
    public bool Contains<T>()
        where T : IPreprocessStep => Steps.OfType<T>().Any();

    /// <summary>Returns a copy without the steps of the given type.</summary>
    /// <typeparam name="T">The step type to drop.</typeparam>
    /// <returns>The new pipeline.</returns>
    public PreprocessingPipeline Without<T>()
        where T : IPreprocessStep => new(Steps.Where(s => s is not T));

    /// <summary>Gets the deferred orientation step, run only after a doubtful reading, or <see langword="null"/> when there is none.</summary>
    public OrientationStep? DeferredOrientation => Steps.OfType<OrientationStep>().FirstOrDefault(s => s.IsDeferred);

    /// <summary>Runs every step except deferred ones in order, checking for cancellation between steps, and returns the page as gray pixels.</summary>
    /// <param name="context">The page.</param>
    /// <returns>The preprocessed page.</returns>
    /// <exception cref="OperationCanceledException">The page's token was cancelled.</exception>
    public GrayImage Run(PreprocessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (IPreprocessStep step in Steps)
        {
            if (step is OrientationStep { IsDeferred: true })
            {
                continue;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            step.Apply(context);
        }

        return context.AsGray();
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
