namespace DocAssist.Pdf.Searchable;

/// <summary>What a PDF image dictionary needs from a JPEG file's header, read from its markers without decoding it.</summary>
/// <param name="Width">The width in pixels.</param>
/// <param name="Height">The height in pixels.</param>
/// <param name="Components">1 (gray), 3 (colour) or 4 (CMYK).</param>
/// <param name="Adobe">Whether an Adobe APP14 marker is present (Adobe's CMYK JPEGs store inverted values).</param>
internal readonly record struct JpegHeader(int Width, int Height, int Components, bool Adobe)
{
    /// <summary>Reads the header of a JPEG that PDF's DCTDecode can show as it is: 8 bits per sample, 1, 3 or 4 components, its height
    /// in the frame header.</summary>
    /// <param name="data">The file.</param>
    /// <param name="header">The header when the answer is <see langword="true"/>.</param>
    /// <returns>Whether the file is such a JPEG.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, out JpegHeader header)
    {
        header = default;
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return false;
        }

        bool adobe = false;
        int i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return false;
            }

            byte marker = data[i + 1];
            if (marker == 0xFF)
            {
                // Fill byte.
                i++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            int length = (data[i + 2] << 8) | data[i + 3];
            if (length < 2 || i + 2 + length > data.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> segment = data.Slice(i + 4, length - 2);
            if (marker == 0xEE && segment.Length >= 5 && segment[..5].SequenceEqual("Adobe"u8))
            {
                adobe = true;
            }

            // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (segment.Length < 6)
                {
                    return false;
                }

                int precision = segment[0], height = (segment[1] << 8) | segment[2], width = (segment[3] << 8) | segment[4], components = segment[5];

                // Arithmetic coding (C9–CF) and lossless JPEG are rarely readable by viewers; 12-bit samples are not allowed in PDF.
                if (precision != 8 || height == 0 || width == 0 || components is not (1 or 3 or 4) || marker is 0xC3 or >= 0xC9)
                {
                    return false;
                }

                header = new JpegHeader(width, height, components, adobe);
                return true;
            }

            if (marker == 0xDA)
            {
                return false;
            }

            i += 2 + length;
        }

        return false;
    }
}
