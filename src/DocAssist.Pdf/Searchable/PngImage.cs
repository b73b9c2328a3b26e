using System.Buffers.Binary;

namespace DocAssist.Pdf.Searchable;

/// <summary>A PNG file whose compressed pixels a PDF can carry as they are: PNG's zlib data and row filters are exactly Flate with the
/// PNG predictors, so the image goes in without being decoded (the way img2pdf does it).</summary>
/// <param name="Width">The width in pixels.</param>
/// <param name="Height">The height in pixels.</param>
/// <param name="BitDepth">Bits per sample: 1, 2, 4, 8 or 16.</param>
/// <param name="Colors">Samples per pixel: 1 (gray or palette index) or 3 (RGB).</param>
/// <param name="Palette">The RGB palette of an indexed image, or <see langword="null"/>.</param>
/// <param name="Data">The concatenated IDAT chunks.</param>
internal sealed record PngImage(int Width, int Height, int BitDepth, int Colors, byte[]? Palette, byte[] Data)
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads a PNG that can be carried as it is: not interlaced, no alpha channel and no transparency (both would need
    /// decoding to be composited), gray, RGB or a palette.</summary>
    /// <param name="data">The file.</param>
    /// <param name="image">The image when the answer is <see langword="true"/>.</param>
    /// <returns>Whether the file is such a PNG.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, out PngImage? image)
    {
        image = null;
        if (data.Length < 8 + 25 || !data[..8].SequenceEqual(Signature))
        {
            return false;
        }

        int width = 0, height = 0, depth = 0, colorType = -1;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        int i = 8;
        while (i + 12 <= data.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data[i..]);
            if (length < 0 || i + 12L + length > data.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> type = data.Slice(i + 4, 4), body = data.Slice(i + 8, length);
            if (type.SequenceEqual("IHDR"u8))
            {
                if (length < 13 || body[10] != 0 || body[11] != 0 || body[12] != 0)
                {
                    // Unknown compression or filter method, or interlaced.
                    return false;
                }

                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                depth = body[8];
                colorType = body[9];
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                palette = body.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                return false;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(body);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            i += 12 + length;
        }

        int colors = colorType switch { 0 => 1, 2 => 3, 3 => 1, _ => 0 };
        bool depthFits = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            2 => depth is 8 or 16,
            3 => depth is 1 or 2 or 4 or 8 && palette is { Length: > 0 } && palette.Length % 3 == 0,
            _ => false,
        };
        if (width <= 0 || height <= 0 || colors == 0 || !depthFits || idat.Length == 0)
        {
            return false;
        }

        image = new PngImage(width, height, depth, colors, colorType == 3 ? palette : null, idat.ToArray());
        return true;
    }
}
