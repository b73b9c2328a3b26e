namespace DocAssist.Core.Model;

/// <summary>An image embedded in a page beside its text (a photo, chart or logo), as an image file with where it is drawn.</summary>
/// <remarks>A page's own scan is not a figure: the scan is the page's text. The instance owns <see cref="Data"/>; it is not copied.</remarks>
/// <param name="Box">Where the image is drawn, in the page's frame (see <see cref="Page.Unit"/>), clipped to the page.</param>
/// <param name="PixelWidth">The image's own width in pixels.</param>
/// <param name="PixelHeight">The image's own height in pixels.</param>
/// <param name="MediaType">The type of <paramref name="Data"/>: <c>image/jpeg</c>, <c>image/jp2</c> or <c>image/png</c>.</param>
/// <param name="Data">The complete image file.</param>
public sealed record Figure(BoundingBox Box, int PixelWidth, int PixelHeight, string MediaType, ReadOnlyMemory<byte> Data);
