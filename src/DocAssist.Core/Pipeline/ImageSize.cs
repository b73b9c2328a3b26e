using System.Buffers.Binary;

namespace DocAssist.Core.Pipeline;

/// <summary>Reads an image's width and height from its header (PNG, JPEG, the first page of a TIFF) without decoding it.</summary>
/// <remarks>Pure managed code reading a few bounded chunks: safe on any file, hostile ones included. Thread-safe: stateless.</remarks>
public static class ImageSize
{
    // A JPEG's markers before its frame header (EXIF, ICC profiles, thumbnails) are skipped by their lengths; past this many, give up.
    private const int MaxJpegSegments = 64;

    // A TIFF's first directory with more entries than this is not believed.
    private const int MaxTiffEntries = 1024;

    /// <summary>Reads the size of an image file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The first frame's width and height in pixels, or <see langword="null"/> when the file is not a PNG, JPEG or TIFF, or its header is damaged.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static (int Width, int Height)? Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        return Read(stream);
    }

    /// <summary>Reads the size of an image from a seekable stream positioned anywhere; the stream's position is left unspecified.</summary>
    /// <param name="stream">The image.</param>
    /// <returns>The first frame's width and height in pixels, or <see langword="null"/> when it is not a PNG, JPEG or TIFF, or its header is damaged.</returns>
    public static (int Width, int Height)? Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[24];
        stream.Position = 0;
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        (int, int)? size =
            head.Length >= 24 && head.StartsWith(FileKindDetector.Png) && head[12..16].SequenceEqual("IHDR"u8)
                ? (ReadInt(head[16..], bigEndian: true), ReadInt(head[20..], bigEndian: true))
            : head.StartsWith(FileKindDetector.Jpeg) ? ReadJpeg(stream)
            : head.Length >= 8 && FileKindDetector.IsTiff(head) ? ReadTiff(stream, bigEndian: head[0] == 'M', (uint)ReadInt(head[4..], head[0] == 'M'))
            : null;
        return size is ( > 0, > 0) ? size : null;
    }

    private static int ReadInt(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);

    private static int ReadShort(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    // Walks the marker segments after SOI to the first frame header (SOF0–SOF15 but DHT, JPG and DAC), which holds height then width.
    private static (int, int)? ReadJpeg(Stream stream)
    {
        Span<byte> segment = stackalloc byte[5];
        stream.Position = 2;
        for (int i = 0; i < MaxJpegSegments; i++)
        {
            if (stream.ReadAtLeast(segment[..4], 4, throwOnEndOfStream: false) < 4 || segment[0] != 0xFF)
            {
                return null;
            }

            byte marker = segment[1];
            int length = ReadShort(segment[2..], bigEndian: true);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return stream.ReadAtLeast(segment[..5], 5, throwOnEndOfStream: false) < 5
                    ? null
                    : (ReadShort(segment[3..], bigEndian: true), ReadShort(segment[1..], bigEndian: true));
            }

            if (length < 2)
            {
                return null;
            }

            stream.Position += length - 2;
        }

        return null;
    }

    // The first image file directory: tags 256 (ImageWidth) and 257 (ImageLength), each a SHORT (3) or a LONG (4).
    private static (int, int)? ReadTiff(Stream stream, bool bigEndian, uint directory)
    {
        Span<byte> entry = stackalloc byte[12];
        if (directory < 8 || directory >= stream.Length)
        {
            return null;
        }

        stream.Position = directory;
        if (stream.ReadAtLeast(entry[..2], 2, throwOnEndOfStream: false) < 2)
        {
            return null;
        }

        int count = ReadShort(entry, bigEndian);
        int width = 0, height = 0;
        for (int i = 0; i < Math.Min(count, MaxTiffEntries) && (width == 0 || height == 0); i++)
        {
            if (stream.ReadAtLeast(entry, entry.Length, throwOnEndOfStream: false) < entry.Length)
            {
                return null;
            }

            int tag = ReadShort(entry, bigEndian), type = ReadShort(entry[2..], bigEndian);
            int value = type == 3 ? ReadShort(entry[8..], bigEndian) : type == 4 ? ReadInt(entry[8..], bigEndian) : 0;
            if (tag == 256)
            {
                width = value;
            }
            else if (tag == 257)
            {
                height = value;
            }
        }

        return (width, height);
    }
}
