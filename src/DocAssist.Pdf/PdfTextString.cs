using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace DocAssist.Pdf;

/// <summary>Reads PDF text strings (field values, names, annotation contents) as a user reads them.</summary>
/// <remarks>
/// PdfPig 0.1.16 decodes literal strings with a UTF-16 byte-order mark, but leaves hexadecimal strings without one as Latin-1 and
/// knows no UTF-8 text strings (PDF 2.0): this reads the bytes again by the rules of ISO 32000-2, 7.9.2.2.
/// </remarks>
internal static class PdfTextString
{
    private const char LanguageEscape = '\u001B';

    /// <summary>Decodes a string, hexadecimal string or name token.</summary>
    /// <param name="token">The token, already resolved (not an indirect reference).</param>
    /// <returns>The text, or <see langword="null"/> when the token is not text.</returns>
    public static string? Decode(IToken? token) => token switch
    {
        StringToken { EncodedWith: StringToken.Encoding.Utf16BE or StringToken.Encoding.Utf16 } utf16 => StripLanguageEscapes(utf16.Data),
        StringToken literal => Decode(literal.GetBytes()),
        HexToken hex => Decode(hex.Bytes),
        NameToken name => name.Data,
        _ => null,
    };

    /// <summary>Decodes the bytes of a text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding.</summary>
    /// <param name="bytes">The string's bytes.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return StripLanguageEscapes(Encoding.BigEndianUnicode.GetString(bytes[2..]));
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            // Not allowed by the standard, but written by some producers.
            return StripLanguageEscapes(Encoding.Unicode.GetString(bytes[2..]));
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return StripLanguageEscapes(Encoding.UTF8.GetString(bytes[3..]));
        }

        return PdfDocEncoding.TryConvertBytesToString(bytes, out string? text) && text is not null
            ? text
            : Encoding.Latin1.GetString(bytes);
    }

    // A Unicode text string may carry language tags between two ESC characters (ISO 32000-2, 7.9.2.2.1): not text.
    private static string StripLanguageEscapes(string text)
    {
        int start = text.IndexOf(LanguageEscape, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        int position = 0;
        while (start >= 0)
        {
            sb.Append(text, position, start - position);
            int end = text.IndexOf(LanguageEscape, start + 1);
            if (end < 0)
            {
                position = text.Length;
                break;
            }

            position = end + 1;
            start = text.IndexOf(LanguageEscape, position);
        }

        sb.Append(text, position, text.Length - position);
        return sb.ToString();
    }
}
