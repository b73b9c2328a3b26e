using System.Globalization;
using System.Text;

namespace DocAssist.Pdf;

/// <summary>Decides whether a PDF page's text layer is real text worth keeping or must be replaced by OCR.</summary>
/// <remarks>
/// Two kinds of bad layer are caught. Unreadable text: fonts without a usable Unicode map come out as control
/// characters, U+FFFD, private-use code points or <c>(cid:N)</c> placeholders. Token text: a page covered by a
/// big image (a scan) whose text layer holds only a caption, a page number or a poor OCR layer, so the page's
/// real content is in the image.
/// </remarks>
internal static class TextLayerJudge
{
    /// <summary>The share of unreadable characters from which the layer is garbage.</summary>
    public const double MaxUnreadableShare = 0.3;

    /// <summary>The share of the page an image must cover for the page to count as an image page.</summary>
    public const double ImagePageCoverage = 0.5;

    /// <summary>How many letters an A4 page covered by an image needs for its text layer to be trusted; scaled by page area.</summary>
    public const int MinLettersPerA4OnImagePage = 150;

    /// <summary>The floor of the scaled letter threshold, so tiny pages still need a few words.</summary>
    public const int MinLettersOnImagePage = 20;

    /// <summary>The area of an A4 page in square points.</summary>
    private const double A4Area = 595.0 * 842.0;

    private const string CidPrefix = "(cid:";

    /// <summary>Judges a page's text layer.</summary>
    /// <param name="text">The page text as extracted.</param>
    /// <param name="pageArea">The page area in square points.</param>
    /// <param name="imageCoverage">The share (0–1) of the page covered by its largest image.</param>
    /// <returns>The verdict with the reason when the layer is not kept.</returns>
    public static TextLayerVerdict Judge(string text, double pageArea, double imageCoverage)
    {
        ArgumentNullException.ThrowIfNull(text);

        int visible = 0;
        int unreadable = 0;
        int letters = 0;
        for (int i = 0; i < text.Length;)
        {
            if (text[i] == '(' && string.CompareOrdinal(text, i, CidPrefix, 0, CidPrefix.Length) == 0 && TryCidLength(text, i, out int length))
            {
                visible += length;
                unreadable += length;
                i += length;
                continue;
            }

            // A lone surrogate is itself unreadable; Rune turns it into U+FFFD.
            Rune rune = Rune.TryGetRuneAt(text, i, out Rune r) ? r : Rune.ReplacementChar;
            i += Math.Max(1, rune.Utf16SequenceLength);
            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }

            visible++;
            if (IsUnreadable(rune))
            {
                unreadable++;
            }
            else if (Rune.IsLetter(rune))
            {
                letters++;
            }
        }

        if (visible == 0)
        {
            return TextLayerVerdict.NoText;
        }

        double unreadableShare = (double)unreadable / visible;
        if (unreadableShare >= MaxUnreadableShare)
        {
            return TextLayerVerdict.Garbage(string.Create(
                CultureInfo.InvariantCulture,
                $"the text layer is unreadable ({unreadableShare:P0} of its characters are unmapped glyphs, (cid:…) placeholders, U+FFFD, control or private-use characters)"));
        }

        if (imageCoverage >= ImagePageCoverage)
        {
            int needed = Math.Max(MinLettersOnImagePage, (int)Math.Round(MinLettersPerA4OnImagePage * pageArea / A4Area));
            if (letters < needed)
            {
                return TextLayerVerdict.Sparse(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the text layer has only {letters} letters on a page {imageCoverage:P0} covered by an image"));
            }
        }

        return TextLayerVerdict.Usable;
    }

    // Counts a whole "(cid:123)" placeholder (pdfminer-style output pasted into a text layer).
    private static bool TryCidLength(string text, int start, out int length)
    {
        int i = start + CidPrefix.Length;
        int digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        length = i - start + 1;
        return digits > 0 && i < text.Length && text[i] == ')';
    }

    private static bool IsUnreadable(Rune rune)
    {
        if (rune == Rune.ReplacementChar)
        {
            return true;
        }

        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }
}
