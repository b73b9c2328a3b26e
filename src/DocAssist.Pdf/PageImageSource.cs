namespace DocAssist.Pdf;

/// <summary>The original image of one page of an image file, for its searchable PDF: the file's own bytes when they can go in as they
/// are, and a way to decode it when they cannot.</summary>
/// <remarks>The file's bytes are used when they are a JPEG (DCT, the very bytes) or a PNG without transparency or interlacing (its
/// compressed pixels with PNG predictors); anything else is decoded and stored losslessly at its own depth.</remarks>
public sealed record PageImageSource
{
    /// <summary>Gets the image file's own bytes when the page is the whole file (a one-frame JPEG or PNG); empty otherwise. Default: empty.</summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }

    /// <summary>Gets the clockwise turn, in degrees, that shows <see cref="Encoded"/> upright as its EXIF orientation says (0, 90, 180 or
    /// 270). Default: 0.</summary>
    public int EncodedRotation { get; init; }

    /// <summary>Gets the horizontal and vertical resolution the file states, in dots per inch, or <see langword="null"/> when it states
    /// none. Default: <see langword="null"/>.</summary>
    public (double X, double Y)? StatedDpi { get; init; }

    /// <summary>Gets the width in pixels of the image shown upright (EXIF applied), from its header; 0 when unknown.</summary>
    public int Width { get; init; }

    /// <summary>Gets the height in pixels of the image shown upright, from its header; 0 when unknown.</summary>
    public int Height { get; init; }

    /// <summary>Gets a function that decodes the image, turned upright as its EXIF orientation says; it throws a
    /// <see cref="Core.Errors.DocAssistException"/> when the image cannot be decoded.</summary>
    public required Func<PageRaster> Decode { get; init; }
}
