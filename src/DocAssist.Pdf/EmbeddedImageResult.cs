using DocAssist.Core.Pipeline;

namespace DocAssist.Pdf;

/// <summary>The outcome of extracting an embedded page image.</summary>
/// <param name="Image">The encoded image, when extraction worked.</param>
/// <param name="Problem">What stood in the way (e.g. <c>JBIG2</c>), when it did not.</param>
/// <param name="IsRefused">Whether the image was refused on purpose (too large) rather than undecodable; a refused image is not rasterized either.</param>
internal sealed record EmbeddedImageResult(PageImage? Image, string? Problem, bool IsRefused)
{
    /// <summary>Creates a successful result.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The result.</returns>
    public static EmbeddedImageResult Ok(PageImage image) => new(image, null, false);

    /// <summary>Creates the result for an image that cannot be decoded here.</summary>
    /// <param name="what">The kind of image, for the warning.</param>
    /// <returns>The result.</returns>
    public static EmbeddedImageResult Undecodable(string what) => new(null, what, false);

    /// <summary>Creates the result for an image refused by a limit.</summary>
    /// <param name="warning">The warning sentence.</param>
    /// <returns>The result.</returns>
    public static EmbeddedImageResult Refused(string warning) => new(null, warning, true);
}
