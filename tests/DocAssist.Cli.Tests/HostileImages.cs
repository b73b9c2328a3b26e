using System.Buffers.Binary;
using System.IO.Compression;
using ImageMagick;

namespace DocAssist.Cli.Tests;

/// <summary>Builds images that attack a decoder: lying headers, absurd frame counts.</summary>
internal static class HostileImages
{
    /// <summary>A valid PNG header declaring <paramref name="width"/> × <paramref name="height"/> gray pixels, with almost no data behind it.</summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (gray), no interlace
        WriteChunk(png, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var z = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(new byte[1024]);
            }

            WriteChunk(png, "IDAT", data.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A TIFF of <paramref name="frames"/> small blank pages.</summary>
    public static byte[] BlankTiff(int frames)
    {
        using var collection = new MagickImageCollection();
        for (int i = 0; i < frames; i++)
        {
            collection.Add(new MagickImage(MagickColors.White, 32, 32));
        }

        return collection.ToByteArray(MagickFormat.Tiff);
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        png.Write(word);
        byte[] typed = [.. type.Select(c => (byte)c), .. data];
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
