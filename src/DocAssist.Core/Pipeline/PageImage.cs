namespace DocAssist.Core.Pipeline;

/// <summary>A page image waiting for OCR: either an encoded image file (JPEG, PNG, TIFF, JPEG 2000…) or raw 8-bit gray pixels.</summary>
/// <remarks>The instance owns <see cref="Data"/>; it is not copied.</remarks>
public sealed record PageImage
{
    /// <summary>Gets the bytes: a complete encoded image, or <see cref="Width"/> × <see cref="Height"/> gray bytes.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Data"/> holds raw 8-bit gray pixels rather than an encoded file.</summary>
    public bool IsRawGray { get; init; }

    /// <summary>Gets the width in pixels (required for raw gray; optional otherwise).</summary>
    public int Width { get; init; }

    /// <summary>Gets the height in pixels (required for raw gray; optional otherwise).</summary>
    public int Height { get; init; }

    /// <summary>Gets the effective resolution in dots per inch when the source states or implies it (e.g. PDF image size ÷ page size).</summary>
    public double? Dpi { get; init; }

    /// <summary>Gets the frame index to decode in a multi-frame encoded image (TIFF). Default: 0.</summary>
    public int Frame { get; init; }

    /// <summary>Gets a short description of where the image came from (e.g. <c>embedded DCT image</c>, <c>pdftoppm</c>), for warnings and reports.</summary>
    public string Origin { get; init; } = "image";

    /// <summary>Gets a value indicating whether the recognizer must return word boxes for this page even when the options do not ask for them (a mixed page merges OCR words with its text layer).</summary>
    public bool NeedsWords { get; init; }
}
