namespace DocAssist.Llm.Endpoints;

/// <summary>Country codes grouped the way the <c>eu</c> policy needs them.</summary>
public static class Jurisdictions
{
    private static readonly HashSet<string> Eu = new(StringComparer.OrdinalIgnoreCase)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    };

    private static readonly HashSet<string> EeaOnly = new(StringComparer.OrdinalIgnoreCase) { "IS", "LI", "NO" };

    /// <summary>Gets the label of a country: <c>EU</c>, <c>EEA</c>, <c>CH</c>, <c>non-EU</c> or <c>unknown</c>.</summary>
    /// <param name="countryCode">An ISO 3166 alpha-2 code, or <see langword="null"/>.</param>
    /// <returns>The label.</returns>
    public static string Label(string? countryCode) => countryCode switch
    {
        null or "" => "unknown",
        _ when Eu.Contains(countryCode) => "EU",
        _ when EeaOnly.Contains(countryCode) => "EEA",
        _ when countryCode.Equals("CH", StringComparison.OrdinalIgnoreCase) => "CH",
        _ => "non-EU",
    };

    /// <summary>Gets a value indicating whether a country is in the EU or the EEA.</summary>
    /// <param name="countryCode">An ISO 3166 alpha-2 code.</param>
    /// <returns><see langword="true"/> for EU and EEA members.</returns>
    public static bool IsEuOrEea(string? countryCode) => Label(countryCode) is "EU" or "EEA";
}
