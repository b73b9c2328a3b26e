namespace DocAssist.Pdf;

/// <summary>Decoded page pixels, at the depth of the original: what a searchable PDF carries (Flate, lossless) when the file's own bytes
/// cannot go in as they are.</summary>
/// <param name="Width">The width in pixels.</param>
/// <param name="Height">The height in pixels.</param>
/// <param name="Components">Samples per pixel: 1 (gray), 3 (RGB) or 4 (CMYK).</param>
/// <param name="BitsPerComponent">1 (bilevel, gray only: rows packed most significant bit first, each row starting on a byte, 1 white)
/// or 8.</param>
/// <param name="Pixels">The samples, row after row from the top.</param>
public sealed record PageRaster(int Width, int Height, int Components, int BitsPerComponent, ReadOnlyMemory<byte> Pixels)
{
    /// <summary>Gets the number of bytes one row takes.</summary>
    public int Stride => BitsPerComponent == 1 ? (Width + 7) / 8 : Width * Components;
}
