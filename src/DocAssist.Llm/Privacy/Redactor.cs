using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace DocAssist.Llm.Privacy;

/// <summary>Replaces personal identifiers with placeholders such as <c>&lt;EMAIL_1&gt;</c> and puts them back in the model's answer.</summary>
/// <remarks>
/// The same value always gets the same placeholder within one instance, so a conversation stays consistent.
/// Numbers are replaced only when their checksum holds (IBAN mod 97, Luhn, NIR key), to leave amounts and references alone.
/// Thread-safe.
/// </remarks>
public sealed partial class Redactor
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byPlaceholder = new(StringComparer.Ordinal);
    private readonly Dictionary<RedactionKind, int> _next = [];

    /// <summary>Gets how many distinct values have placeholders.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byValue.Count;
            }
        }
    }

    /// <summary>Replaces every identifier found in <paramref name="text"/>.</summary>
    /// <param name="text">Text about to leave the machine.</param>
    /// <returns>The redacted text and how many identifiers of each kind were replaced.</returns>
    public (string Text, IReadOnlyDictionary<RedactionKind, int> Counts) Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<(int Start, int Length, RedactionKind Kind)> found = Find(text);
        var counts = new Dictionary<RedactionKind, int>();
        if (found.Count == 0)
        {
            return (text, counts);
        }

        var sb = new StringBuilder(text.Length);
        int at = 0;
        foreach ((int start, int length, RedactionKind kind) in found)
        {
            sb.Append(text, at, start - at).Append(PlaceholderFor(kind, text.Substring(start, length)));
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            at = start + length;
        }

        sb.Append(text, at, text.Length - at);
        return (sb.ToString(), counts);
    }

    /// <summary>Puts the original values back where the model wrote placeholders (with or without their angle brackets).</summary>
    /// <param name="text">The model's text.</param>
    /// <returns>The restored text; unknown placeholders are left as they are.</returns>
    public string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            return _byPlaceholder.Count == 0 ? text : PlaceholderPattern().Replace(text, m =>
                _byPlaceholder.TryGetValue($"<{m.Groups[1].Value}_{m.Groups[2].Value}>", out string? value) ? value : m.Value);
        }
    }

    /// <summary>Gets the length of a trailing piece of <paramref name="text"/> that could be the start of a placeholder, to hold back while streaming.</summary>
    /// <param name="text">Text received so far.</param>
    /// <returns>How many trailing characters to keep back.</returns>
    public static int PendingTail(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = text.Length;
        while (i > 0 && text.Length - i < MaxPlaceholderLength && (char.IsAsciiLetterUpper(text[i - 1]) || char.IsAsciiDigit(text[i - 1]) || text[i - 1] is '_' or '<'))
        {
            i--;
        }

        return text.Length - i;
    }

    /// <summary>Gets a value indicating whether an IBAN's mod-97 checksum is valid (spaces ignored).</summary>
    /// <param name="candidate">The IBAN.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidIban(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        string iban = candidate.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (iban.Length is < 15 or > 34 || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }

        int remainder = 0;
        foreach (char c in iban[4..] + iban[..4])
        {
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>Gets a value indicating whether a card number passes the Luhn check (spaces and dashes ignored, 13–19 digits).</summary>
    /// <param name="candidate">The number.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidLuhn(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        string digits = new([.. candidate.Where(char.IsAsciiDigit)]);
        if (digits.Length is < 13 or > 19 || digits.Distinct().Count() == 1)
        {
            return false;
        }

        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>Gets a value indicating whether a French social security number (NIR, 15 characters with key; Corsica 2A/2B) is valid.</summary>
    /// <param name="candidate">The number, spaces allowed.</param>
    /// <returns><see langword="true"/> when the key matches.</returns>
    public static bool IsValidNir(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        string nir = candidate.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (nir.Length != 15)
        {
            return false;
        }

        string body = nir[..13];
        BigInteger number;
        if (body[5..7] == "2A")
        {
            number = BigInteger.Parse(body.Replace("2A", "19", StringComparison.Ordinal), CultureInfo.InvariantCulture) - 1000000;
        }
        else if (body[5..7] == "2B")
        {
            number = BigInteger.Parse(body.Replace("2B", "18", StringComparison.Ordinal), CultureInfo.InvariantCulture) - 2000000;
        }
        else if (body.All(char.IsAsciiDigit))
        {
            number = BigInteger.Parse(body, CultureInfo.InvariantCulture);
        }
        else
        {
            return false;
        }

        return int.TryParse(nir[13..], NumberStyles.None, CultureInfo.InvariantCulture, out int key) && key == 97 - (int)(number % 97);
    }

    private const int MaxPlaceholderLength = 16;

    private string PlaceholderFor(RedactionKind kind, string value)
    {
        string normalized = kind is RedactionKind.Email ? value.ToLowerInvariant() : value;
        lock (_lock)
        {
            if (_byValue.TryGetValue(normalized, out string? existing))
            {
                return existing;
            }

            int n = _next.GetValueOrDefault(kind) + 1;
            _next[kind] = n;
            string placeholder = string.Create(CultureInfo.InvariantCulture, $"<{Tag(kind)}_{n}>");
            _byValue[normalized] = placeholder;
            _byPlaceholder[placeholder] = value;
            return placeholder;
        }
    }

    private static string Tag(RedactionKind kind) => kind.ToString().ToUpperInvariant();

    private static List<(int Start, int Length, RedactionKind Kind)> Find(string text)
    {
        var candidates = new List<(int Start, int Length, RedactionKind Kind)>();
        foreach (Match m in EmailPattern().Matches(text))
        {
            candidates.Add((m.Index, m.Length, RedactionKind.Email));
        }

        foreach (Match m in IbanPattern().Matches(text))
        {
            // The pattern may take a following word: shorten group by group until the checksum holds.
            string value = m.Value;
            while (value.Length >= 15 && !IsValidIban(value))
            {
                int cut = value.LastIndexOf(' ');
                value = cut > 0 ? value[..cut] : value[..^1];
            }

            if (value.Length >= 15)
            {
                candidates.Add((m.Index, value.Length, RedactionKind.Iban));
            }
        }

        foreach (Match m in NirPattern().Matches(text))
        {
            if (IsValidNir(m.Value))
            {
                candidates.Add((m.Index, m.Length, RedactionKind.Nir));
            }
        }

        foreach (Match m in CardPattern().Matches(text))
        {
            if (IsValidLuhn(m.Value))
            {
                candidates.Add((m.Index, m.Length, RedactionKind.Card));
            }
        }

        foreach (Match m in SsnPattern().Matches(text))
        {
            candidates.Add((m.Index, m.Length, RedactionKind.Ssn));
        }

        foreach (Match m in PhonePattern().Matches(text))
        {
            int digits = m.Value.Count(char.IsAsciiDigit);
            if (digits is >= 9 and <= 15)
            {
                candidates.Add((m.Index, m.Length, RedactionKind.Phone));
            }
        }

        // Earlier kinds win overlaps (a valid IBAN or card is not also a phone number).
        var chosen = new List<(int Start, int Length, RedactionKind Kind)>();
        foreach (var c in candidates.OrderBy(c => c.Kind).ThenByDescending(c => c.Length))
        {
            if (!chosen.Any(x => c.Start < x.Start + x.Length && x.Start < c.Start + c.Length))
            {
                chosen.Add(c);
            }
        }

        chosen.Sort((a, b) => a.Start.CompareTo(b.Start));
        return chosen;
    }

    [GeneratedRegex(@"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NirPattern();

    [GeneratedRegex(@"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SsnPattern();

    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,5}|0[1-9](?:[ .-]?\d{2}){4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"<?\b(EMAIL|IBAN|CARD|NIR|SSN|PHONE)_(\d+)\b>?", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
