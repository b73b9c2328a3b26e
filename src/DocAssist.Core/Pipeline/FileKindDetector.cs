using System.Text.Unicode;
using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Detects what a file is from its first bytes, never from its name.</summary>
public static class FileKindDetector
{
    /// <summary>How many leading bytes are inspected.</summary>
    public const int SniffLength = 8192;

    /// <summary>Detects the kind of a file.</summary>
    /// <param name="path">The file to inspect.</param>
    /// <returns>The detected kind; <see cref="DocumentKind.Unknown"/> when nothing matches.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DocumentKind Detect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        var buffer = new byte[SniffLength];
        int length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Detect(buffer.AsSpan(0, length));
    }

    /// <summary>Detects the kind of content from its leading bytes.</summary>
    /// <param name="head">Up to <see cref="SniffLength"/> leading bytes.</param>
    /// <returns>The detected kind; <see cref="DocumentKind.Unknown"/> when nothing matches.</returns>
    public static DocumentKind Detect(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return DocumentKind.Unknown;
        }

        // PDF readers accept the header anywhere in the first KiB (junk before it is common).
        if (head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return DocumentKind.Pdf;
        }

        if (IsImage(head))
        {
            return DocumentKind.Image;
        }

        return IsText(head) ? DocumentKind.Text : DocumentKind.Unknown;
    }

    /// <summary>Gets the signature a PNG file starts with.</summary>
    internal static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Gets the bytes a JPEG file starts with (start of image, then a marker).</summary>
    internal static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Jp2 => [0, 0, 0, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> J2k => [0xFF, 0x4F, 0xFF, 0x51];

    /// <summary>Tells whether leading bytes are a TIFF header, little-endian (<c>II*\0</c>) or big-endian (<c>MM\0*</c>).</summary>
    /// <param name="h">The leading bytes.</param>
    /// <returns><see langword="true"/> for a TIFF header.</returns>
    internal static bool IsTiff(ReadOnlySpan<byte> h) => h.StartsWith("II*\0"u8) || h.StartsWith("MM\0*"u8);

    private static bool IsImage(ReadOnlySpan<byte> h) =>
        h.StartsWith(Png) // PNG
        || h.StartsWith(Jpeg) // JPEG
        || IsTiff(h)
        || h.StartsWith("BM"u8) && h.Length >= 26 // BMP
        || h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8) // GIF
        || h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8) // WebP
        || h.StartsWith(Jp2) // JPEG 2000 (JP2)
        || h.StartsWith(J2k); // JPEG 2000 codestream

    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        // A multi-byte UTF-8 sequence may be cut at the end of the sniffed window: drop up to 3 trailing bytes.
        for (int cut = 0; cut <= Math.Min(3, head.Length - 1); cut++)
        {
            if (Utf8.IsValid(head[..^cut]))
            {
                return !HasManyControlCharacters(head);
            }
        }

        return false;
    }

    private static bool HasManyControlCharacters(ReadOnlySpan<byte> head)
    {
        int control = 0;
        foreach (byte b in head)
        {
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C)
            {
                control++;
            }
        }

        return control > head.Length / 100;
    }
}
