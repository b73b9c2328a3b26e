namespace DocAssist.Ocr.Imaging;

/// <summary>An 8-bit grayscale image, one byte per pixel, rows packed without padding: what Tesseract reads.</summary>
/// <remarks>The instance does not copy <see cref="Pixels"/>; whoever built it must not change the buffer afterwards.</remarks>
public sealed class GrayImage
{
    /// <summary>Initializes a new instance of the <see cref="GrayImage"/> class.</summary>
    /// <param name="pixels">Exactly <paramref name="width"/> × <paramref name="height"/> bytes.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="dpi">Resolution in dots per inch, when known.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive or the buffer has the wrong length.</exception>
    public GrayImage(ReadOnlyMemory<byte> pixels, int width, int height, double? dpi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height)
        {
            throw new ArgumentOutOfRangeException(nameof(pixels), $"A {width}×{height} gray image needs {(long)width * height} bytes, not {pixels.Length}.");
        }

        Pixels = pixels;
        Width = width;
        Height = height;
        Dpi = dpi;
    }

    /// <summary>Gets the pixels, row by row, 0 = black, 255 = white.</summary>
    public ReadOnlyMemory<byte> Pixels { get; }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the resolution in dots per inch, or <see langword="null"/> when unknown.</summary>
    public double? Dpi { get; }

    /// <summary>Returns this image turned clockwise by a multiple of 90 degrees.</summary>
    /// <param name="degrees">0, 90, 180 or 270.</param>
    /// <returns>A new image (or this one for 0 degrees).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degrees"/> is not a multiple of 90 in [0, 360).</exception>
    public GrayImage RotateClockwise(int degrees)
    {
        ReadOnlySpan<byte> src = Pixels.Span;
        int w = Width;
        int h = Height;
        byte[] dst;
        switch (degrees)
        {
            case 0:
                return this;
            case 180:
                dst = src.ToArray();
                dst.AsSpan().Reverse();
                return new GrayImage(dst, w, h, Dpi);
            case 90:
                // Destination is h wide, w high: dst(x', y') = src(x = y', y = h - 1 - x').
                dst = GC.AllocateUninitializedArray<byte>(src.Length);
                for (int y = 0; y < h; y++)
                {
                    ReadOnlySpan<byte> row = src.Slice(y * w, w);
                    int dx = h - 1 - y;
                    for (int x = 0; x < w; x++)
                    {
                        dst[(x * h) + dx] = row[x];
                    }
                }

                return new GrayImage(dst, h, w, Dpi);
            case 270:
                dst = GC.AllocateUninitializedArray<byte>(src.Length);
                for (int y = 0; y < h; y++)
                {
                    ReadOnlySpan<byte> row = src.Slice(y * w, w);
                    for (int x = 0; x < w; x++)
                    {
                        dst[((w - 1 - x) * h) + y] = row[x];
                    }
                }

                return new GrayImage(dst, h, w, Dpi);
            default:
                throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "Rotation must be 0, 90, 180 or 270 degrees.");
        }
    }
}
