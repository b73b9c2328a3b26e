using ImageMagick;

namespace DocAssist.Ocr.Imaging;

/// <summary>A decoded page: gray pixels when the fast path read it, otherwise a Magick image still to convert.</summary>
/// <param name="Gray">The gray pixels, or <see langword="null"/>.</param>
/// <param name="Magick">The decoded Magick image (owned by the receiver), or <see langword="null"/>.</param>
/// <param name="Dpi">The page's resolution, when known.</param>
public sealed record DecodedPage(GrayImage? Gray, MagickImage? Magick, double? Dpi)
{
    /// <summary>Wraps the page in a preprocessing context, which takes ownership of any Magick image.</summary>
    /// <returns>The context.</returns>
    public PreprocessContext ToContext() => Gray is not null ? new PreprocessContext(Gray) { Dpi = Dpi } : new PreprocessContext(Magick!, Dpi);
}
