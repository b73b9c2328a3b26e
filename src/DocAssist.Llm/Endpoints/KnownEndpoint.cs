namespace DocAssist.Llm.Endpoints;

/// <summary>What an operator declares about one OpenAI-compatible host, as found in dated public sources; nothing here is verified.</summary>
/// <param name="Host">The host name, matched exactly (case-insensitive), or a suffix when it starts with a dot.</param>
/// <param name="Service">The service's name.</param>
/// <param name="BaseUrl">The documented chat base URL.</param>
/// <param name="Operator">The operator and its home country, as declared.</param>
/// <param name="OperatorCountry">ISO 3166 code of the operator's home country.</param>
/// <param name="InferenceLocation">Where inference runs, as declared.</param>
/// <param name="Assessment">How the declared facts measure against the <c>eu</c> bar.</param>
/// <param name="Why">One sentence on the assessment.</param>
/// <param name="Source">Where the declared facts come from and their date.</param>
public sealed record KnownEndpoint(
    string Host,
    string Service,
    string BaseUrl,
    string Operator,
    string OperatorCountry,
    string InferenceLocation,
    EuAssessment Assessment,
    string Why,
    string Source)
{
    /// <summary>Gets a value indicating whether <paramref name="host"/> is this entry's host.</summary>
    /// <param name="host">A host name.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Host.StartsWith('.')
            ? host.EndsWith(Host, StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, Host, StringComparison.OrdinalIgnoreCase);
    }
}
