using DocAssist.Core;

namespace DocAssist.Llm.Endpoints;

/// <summary>An endpoint the user declared in the config file, with the facts the user states about it.</summary>
/// <remarks>These facts are the user's declaration; DocAssist does not verify them (see <see cref="Verified"/>).</remarks>
public sealed record EndpointEntry
{
    /// <summary>Gets the name the <see cref="Settings.Endpoint"/> setting uses.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the OpenAI-compatible base URL (e.g. <c>https://api.scaleway.ai/v1</c>).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Gets the models this declaration covers; empty means every model on the host. Default: empty.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Gets the operator's name, as declared. Default: <see langword="null"/>.</summary>
    public string? Operator { get; init; }

    /// <summary>Gets the operator's home country (ISO 3166 alpha-2), as declared. Default: <see langword="null"/>.</summary>
    public string? OperatorCountry { get; init; }

    /// <summary>Gets the country where inference runs (ISO 3166 alpha-2), as declared. Default: <see langword="null"/>.</summary>
    public string? HostingCountry { get; init; }

    /// <summary>Gets a value indicating whether the operator has a parent company outside the EU/EEA. Default: <see langword="false"/>.</summary>
    public bool NonEuParent { get; init; }

    /// <summary>Gets a value indicating whether a non-EU infrastructure sub-processor is disclosed. Default: <see langword="false"/>.</summary>
    public bool NonEuSubprocessors { get; init; }

    /// <summary>Gets who verified these facts and when (free text), or <see langword="null"/> when they are only declared. Default: <see langword="null"/>.</summary>
    public string? Verified { get; init; }

    /// <summary>Gets the name of the environment variable holding this endpoint's API key. Default: <see langword="null"/> (use <c>DOCASSIST_API_KEY</c>).</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Gets the model used when the <see cref="Settings.Model"/> setting is not given. Default: <see langword="null"/>.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Gets a value indicating whether this declaration covers <paramref name="model"/> on <paramref name="host"/>.</summary>
    /// <param name="host">The destination host.</param>
    /// <param name="model">The model the request names, or <see langword="null"/> when unknown.</param>
    /// <returns><see langword="true"/> when the host matches and the model is covered.</returns>
    public bool Covers(string host, string? model) =>
        string.Equals(BaseUrl.Host, host, StringComparison.OrdinalIgnoreCase)
        && (Models.Count == 0 || (model is not null && Models.Contains(model, StringComparer.Ordinal)));
}
