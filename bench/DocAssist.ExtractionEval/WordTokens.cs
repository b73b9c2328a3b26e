using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DocAssist.ExtractionEval;

/// <summary>Turns extracted text into comparable word tokens, the same way for both extractors.</summary>
/// <remarks>
/// Steps: hyphenation at line ends is undone (<c>docu-\nments</c> → <c>documents</c>, as pdftotext does in its default
/// mode); the text is NFKC-normalised (ligatures, Arabic presentation forms, full-width letters) and lower-cased;
/// combining marks are dropped (vowel points and harakat are not drawn the same way by every producer); every other
/// character that is not a letter or digit separates tokens. A Han, Hiragana, Katakana or Hangul character is a token of
/// its own, since those scripts do not mark word boundaries with spaces.
/// </remarks>
internal static partial class WordTokens
{
    /// <summary>A token at least this many letters long is almost always words run together.</summary>
    public const int LongTokenLetters = 18;

    /// <summary>Splits text into tokens.</summary>
    /// <param name="text">The extracted text.</param>
    /// <returns>The tokens in text order.</returns>
    public static List<string> Tokenize(string text)
    {
        string joined = LineEndHyphen().Replace(text, "$1$2");
        string normal = joined.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (Rune rune in normal.EnumerateRunes())
        {
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (IsCjk(rune.Value))
            {
                Flush();
                tokens.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                current.Append(rune.ToString());
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>Counts the letters of a token (a CJK token counts as one).</summary>
    /// <param name="token">A token from <see cref="Tokenize"/>.</param>
    /// <returns>The number of letters.</returns>
    public static int Letters(string token) => token.EnumerateRunes().Count(Rune.IsLetter);

    /// <summary>Tells whether a code point is Han, Hiragana, Katakana or Hangul.</summary>
    /// <param name="c">The code point.</param>
    /// <returns><see langword="true"/> for a character that is a token of its own.</returns>
    public static bool IsCjk(int c) =>
        c is (>= 0x3040 and <= 0x30FF) // Hiragana, Katakana
            or (>= 0x31F0 and <= 0x31FF) // Katakana phonetic extensions
            or (>= 0x3400 and <= 0x4DBF) // Han extension A
            or (>= 0x4E00 and <= 0x9FFF) // Han unified ideographs
            or (>= 0xF900 and <= 0xFAFF) // Han compatibility ideographs
            or (>= 0x1100 and <= 0x11FF) // Hangul jamo
            or (>= 0x3130 and <= 0x318F) // Hangul compatibility jamo
            or (>= 0xAC00 and <= 0xD7AF) // Hangul syllables
            or (>= 0x20000 and <= 0x3134F); // Han extensions B–G

    // A letter, a hyphen (ASCII, U+2010, or a soft hyphen), optional spaces, a line break, optional spaces, a letter.
    [GeneratedRegex(@"(\p{L})[-\u2010\u00AD][ \t]*\r?\n[ \t\f]*(\p{L})")]
    private static partial Regex LineEndHyphen();
}
