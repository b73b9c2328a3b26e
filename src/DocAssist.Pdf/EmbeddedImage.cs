using System.Globalization;
using DocAssist.Core.Pipeline;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace DocAssist.Pdf;

/// <summary>Turns an image embedded in a PDF page into an encoded image file for OCR.</summary>
internal static class EmbeddedImage
{
    private const double PointsPerInch = 72.0;

    /// <summary>Extracts an image as a complete JPEG, JPEG 2000 or PNG file.</summary>
    /// <param name="image">The image as PdfPig found it on the page.</param>
    /// <param name="maxPixels">The largest width × height accepted.</param>
    /// <returns>The page image, or why there is none.</returns>
    public static EmbeddedImageResult Extract(IPdfImage image, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(image);

        long pixels = (long)image.WidthInSamples * image.HeightInSamples;
        if (pixels > maxPixels)
        {
            return EmbeddedImageResult.Refused(string.Create(
                CultureInfo.InvariantCulture,
                $"the page image is {image.WidthInSamples}×{image.HeightInSamples} pixels, more than the limit of {maxPixels:N0}; it was not decoded"));
        }

        double? dpi = EffectiveDpi(image);
        IReadOnlyList<NameToken>? filters = GetFilters(image.ImageDictionary);
        string last = filters is { Count: > 0 } ? filters[^1].Data : string.Empty;

        if (image.IsImageMask)
        {
            // A stencil mask paints its colour through the page's other content: only a renderer gets it right.
            return EmbeddedImageResult.Undecodable("image mask");
        }

        if (last is "DCTDecode" or "DCT" or "JPXDecode")
        {
            bool jpx = last == "JPXDecode";
            string kind = jpx ? "JPEG 2000" : "JPEG";
            if (!jpx && image.NeedsReverseDecode())
            {
                // The raw JPEG would be read with inverted colours.
                return EmbeddedImageResult.Undecodable("inverted JPEG");
            }

            Memory<byte>? encoded = DecodeLeadingFilters(image, filters!);
            if (encoded is not { } bytes || !(jpx ? IsJpeg2000(bytes.Span) : IsJpeg(bytes.Span)))
            {
                return EmbeddedImageResult.Undecodable(kind);
            }

            return EmbeddedImageResult.Ok(new PageImage { Data = bytes, Dpi = dpi, Origin = $"embedded {kind} image" });
        }

        if (last is "JBIG2Decode")
        {
            return EmbeddedImageResult.Undecodable("JBIG2");
        }

        if (image.TryGetPng(out byte[]? png) && png is { Length: > 0 })
        {
            string name = last.Length == 0 ? "uncompressed" : last;
            return EmbeddedImageResult.Ok(new PageImage { Data = png, Dpi = dpi, Origin = $"embedded image ({name})" });
        }

        return EmbeddedImageResult.Undecodable(last.Length == 0 ? "unsupported image" : last);
    }

    /// <summary>Computes the image's resolution on the page: samples ÷ (drawn width in points ÷ 72).</summary>
    /// <param name="image">The image.</param>
    /// <returns>The resolution in dots per inch, or <see langword="null"/> when the drawn size is degenerate.</returns>
    public static double? EffectiveDpi(IPdfImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        PdfRectangle bounds = image.BoundingBox;
        double width = Math.Abs(bounds.Width);
        double height = Math.Abs(bounds.Height);
        if (width < 1 || height < 1 || image.WidthInSamples <= 0 || image.HeightInSamples <= 0)
        {
            return null;
        }

        // An image drawn turned by 90° spans its rows across the page's width.
        bool turned = image.WidthInSamples > image.HeightInSamples != width > height
            && Math.Abs(image.WidthInSamples - image.HeightInSamples) > 1;
        int samplesAcross = turned ? image.HeightInSamples : image.WidthInSamples;
        return Math.Round(samplesAcross / (width / PointsPerInch), 1);
    }

    /// <summary>Reads the image's filter chain.</summary>
    /// <param name="dictionary">The image dictionary.</param>
    /// <returns>The filter names in order (empty when there is none), or <see langword="null"/> when the entry cannot be read directly.</returns>
    public static IReadOnlyList<NameToken>? GetFilters(DictionaryToken dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (!dictionary.TryGet(NameToken.Filter, out IToken? token) && !dictionary.TryGet(NameToken.F, out token))
        {
            return [];
        }

        return token switch
        {
            NameToken name => [name],
            ArrayToken array when array.Data.All(t => t is NameToken) => [.. array.Data.Cast<NameToken>()],
            _ => null,
        };
    }

    /// <summary>Names the type of an image file <see cref="Extract"/> made.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <returns><c>image/jpeg</c>, <c>image/jp2</c> or <c>image/png</c>; <see langword="null"/> for anything else.</returns>
    public static string? MediaType(ReadOnlySpan<byte> data) =>
        IsJpeg(data) ? "image/jpeg"
        : IsJpeg2000(data) ? "image/jp2"
        : data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;

    private static Memory<byte>? DecodeLeadingFilters(IPdfImage image, IReadOnlyList<NameToken> filters)
    {
        Memory<byte> data = image.RawMemory.ToArray();
        if (filters.Count <= 1)
        {
            return data;
        }

        // e.g. [/FlateDecode /DCTDecode]: undo the outer filters, keep the JPEG.
        IFilterProvider provider = DefaultFilterProvider.Instance;
        IReadOnlyList<IFilter> decoders = provider.GetNamedFilters([.. filters.Take(filters.Count - 1)]);
        for (int i = 0; i < decoders.Count; i++)
        {
            if (!decoders[i].IsSupported)
            {
                return null;
            }

            data = decoders[i].Decode(data, image.ImageDictionary, provider, i);
        }

        return data;
    }

    private static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    private static bool IsJpeg2000(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A])
        || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]);
}
