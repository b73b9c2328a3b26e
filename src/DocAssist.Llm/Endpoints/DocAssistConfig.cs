namespace DocAssist.Llm.Endpoints;

/// <summary>The user's config file: defaults for the model flags and the endpoints the user declared.</summary>
public sealed record DocAssistConfig
{
    /// <summary>Gets an empty config (no file).</summary>
    public static DocAssistConfig Empty { get; } = new();

    /// <summary>Gets the file the config was read from, or <see langword="null"/> when there was none.</summary>
    public string? Path { get; init; }

    /// <summary>Gets the default provider (<c>ollama</c> or <c>openai</c>). Default: <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the default model. Default: <see langword="null"/>.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the default policy. Default: <see langword="null"/> (local).</summary>
    public string? Policy { get; init; }

    /// <summary>Gets the default endpoint's name for the <c>openai</c> provider. Default: <see langword="null"/>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets the Ollama server URL, used when <c>OLLAMA_HOST</c> is not set. Default: <see langword="null"/>.</summary>
    public string? OllamaHost { get; init; }

    /// <summary>Gets the declared endpoints. Default: empty.</summary>
    public IReadOnlyList<EndpointEntry> Endpoints { get; init; } = [];
}
