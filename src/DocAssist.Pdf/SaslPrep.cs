using System.Text;

namespace DocAssist.Pdf;

/// <summary>Prepares AES-256 (revision 6) PDF passwords with the SASLprep profile of stringprep (RFC 4013).</summary>
/// <remarks>
/// Only the mapping and normalisation steps are applied: the prohibited-output and bidirectional checks exist to
/// reject strings when a password is <em>set</em>; when opening a file, rejecting a candidate would only make a
/// file that another writer produced harder to open.
/// </remarks>
internal static class SaslPrep
{
    /// <summary>Maps non-ASCII spaces to U+0020, removes characters "commonly mapped to nothing" (RFC 3454 table B.1), then applies NFKC.</summary>
    /// <param name="password">The password as the user typed it.</param>
    /// <returns>The prepared password.</returns>
    public static string Prepare(string password)
    {
        ArgumentNullException.ThrowIfNull(password);

        var mapped = new StringBuilder(password.Length);
        foreach (Rune rune in password.EnumerateRunes())
        {
            if (IsMappedToNothing(rune.Value))
            {
                continue;
            }

            if (IsNonAsciiSpace(rune.Value))
            {
                mapped.Append(' ');
                continue;
            }

            mapped.Append(rune.ToString());
        }

        return mapped.ToString().Normalize(NormalizationForm.FormKC);
    }

    // RFC 3454 table B.1.
    private static bool IsMappedToNothing(int c) =>
        c is 0x00AD or 0x034F or 0x1806 or 0x180B or 0x180C or 0x180D or 0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF
        || c is >= 0xFE00 and <= 0xFE0F;

    // RFC 3454 table C.1.2 (U+200B is in B.1 too, which wins above).
    private static bool IsNonAsciiSpace(int c) =>
        c is 0x00A0 or 0x1680 or 0x202F or 0x205F or 0x3000
        || c is >= 0x2000 and <= 0x200B;
}
