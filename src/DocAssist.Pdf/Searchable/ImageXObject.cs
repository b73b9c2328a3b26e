using System.Globalization;

namespace DocAssist.Pdf.Searchable;

/// <summary>Writes a page's original image as a PDF image object: a JPEG as its very bytes, a PNG as its compressed pixels, anything else
/// decoded and Flate-compressed at its own depth.</summary>
internal static class ImageXObject
{
    /// <summary>Writes the image.</summary>
    /// <param name="writer">The file being written.</param>
    /// <param name="source">The page's original image.</param>
    /// <returns>The object's number, the stored image's size in pixels, the clockwise turn that shows it upright, and how it was stored
    /// (for reports).</returns>
    /// <exception cref="Core.Errors.DocAssistException">The image cannot be decoded (from <see cref="PageImageSource.Decode"/>).</exception>
    public static (int Number, int Width, int Height, int Rotation, string How) Write(PdfObjectWriter writer, PageImageSource source)
    {
        ReadOnlySpan<byte> encoded = source.Encoded.Span;
        if (JpegHeader.TryRead(encoded, out JpegHeader jpeg))
        {
            string space = jpeg.Components switch { 1 => "/DeviceGray", 4 => "/DeviceCMYK", _ => "/DeviceRGB" };

            // Adobe's CMYK JPEGs hold inverted samples; the decode array turns them back, as Acrobat expects.
            string decode = jpeg.Components == 4 && jpeg.Adobe ? " /Decode [1 0 1 0 1 0 1 0]" : string.Empty;
            int number = writer.Reserve();
            writer.WriteStream(
                number,
                Invariant($"/Type /XObject /Subtype /Image /Width {jpeg.Width} /Height {jpeg.Height} /ColorSpace {space} /BitsPerComponent 8{decode} /Filter /DCTDecode"),
                encoded);
            return (number, jpeg.Width, jpeg.Height, source.EncodedRotation, "JPEG as it is");
        }

        if (PngImage.TryRead(encoded, out PngImage? png))
        {
            string space = png!.Palette is { } palette
                ? Invariant($"[/Indexed /DeviceRGB {(palette.Length / 3) - 1} <{Convert.ToHexString(palette)}>]")
                : png.Colors == 1 ? "/DeviceGray" : "/DeviceRGB";
            int number = writer.Reserve();
            writer.WriteStream(
                number,
                Invariant($"/Type /XObject /Subtype /Image /Width {png.Width} /Height {png.Height} /ColorSpace {space} /BitsPerComponent {png.BitDepth} /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors {png.Colors} /BitsPerComponent {png.BitDepth} /Columns {png.Width} >>"),
                png.Data);
            return (number, png.Width, png.Height, source.EncodedRotation, "PNG data as it is");
        }

        PageRaster raster = source.Decode();
        if (raster.Width <= 0 || raster.Height <= 0 || raster.Components is not (1 or 3 or 4) || raster.BitsPerComponent is not (1 or 8)
            || (raster.BitsPerComponent == 1 && raster.Components != 1) || raster.Pixels.Length < (long)raster.Stride * raster.Height)
        {
            throw new InvalidOperationException(
                $"Decoded pixels do not match their description ({raster.Width}×{raster.Height}, {raster.Components} × {raster.BitsPerComponent} bits, {raster.Pixels.Length} bytes).");
        }

        string colorSpace = raster.Components switch { 1 => "/DeviceGray", 4 => "/DeviceCMYK", _ => "/DeviceRGB" };
        int raw = writer.Reserve();
        writer.WriteCompressedStream(
            raw,
            Invariant($"/Type /XObject /Subtype /Image /Width {raster.Width} /Height {raster.Height} /ColorSpace {colorSpace} /BitsPerComponent {raster.BitsPerComponent}"),
            raster.Pixels.Span[..(raster.Stride * raster.Height)]);
        string depth = raster.BitsPerComponent == 1 ? "1-bit" : raster.Components == 1 ? "8-bit gray" : raster.Components == 4 ? "CMYK" : "RGB";
        return (raw, raster.Width, raster.Height, 0, $"decoded, stored losslessly ({depth})");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
