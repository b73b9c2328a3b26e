namespace DocAssist.Ocr.Imaging;

/// <summary>One named preprocessing step: an immutable parameter object whose <see cref="Apply"/> transforms a page in place.</summary>
/// <remarks>Implementations are immutable and thread-safe; per-page state lives in the <see cref="PreprocessContext"/>.</remarks>
public interface IPreprocessStep
{
    /// <summary>Gets a short name for reports and evaluation tables, e.g. <c>upscale</c>.</summary>
    string Name { get; }

    /// <summary>Applies the step to a page.</summary>
    /// <param name="context">The page and what was done to it so far.</param>
    void Apply(PreprocessContext context);
}
