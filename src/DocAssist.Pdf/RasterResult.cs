using DocAssist.Core.Pipeline;

namespace DocAssist.Pdf;

/// <summary>The outcome of rendering a page with <c>pdftoppm</c>.</summary>
/// <param name="Image">The rendered page, when rendering worked.</param>
/// <param name="Problem">Why there is no image, when there is none.</param>
/// <param name="IsToolMissing">Whether <c>pdftoppm</c> could not be started at all.</param>
internal sealed record RasterResult(PageImage? Image, string? Problem, bool IsToolMissing)
{
    /// <summary>Creates a successful result.</summary>
    /// <param name="image">The rendered page.</param>
    /// <returns>The result.</returns>
    public static RasterResult Ok(PageImage image) => new(image, null, false);

    /// <summary>Creates the result for a tool that could not be started.</summary>
    /// <param name="problem">Why.</param>
    /// <returns>The result.</returns>
    public static RasterResult Missing(string problem) => new(null, problem, true);

    /// <summary>Creates the result for a page the tool could not render.</summary>
    /// <param name="problem">Why.</param>
    /// <returns>The result.</returns>
    public static RasterResult Failed(string problem) => new(null, problem, false);
}
