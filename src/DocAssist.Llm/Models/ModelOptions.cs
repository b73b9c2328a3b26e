using DocAssist.Llm.Egress;

namespace DocAssist.Llm.Models;

/// <summary>What the user asked for on the command line: provider, model, endpoint, policy and limits. Unset values come from the environment, then the config.</summary>
public sealed record ModelOptions
{
    /// <summary>The default number of retries after a failed model request.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>The context size used when the server does not tell (OpenAI-compatible endpoints) and as a cap for Ollama's default.</summary>
    public const int DefaultContextTokens = 8192;

    /// <summary>Gets the provider: <c>ollama</c> or <c>openai</c>. Default: <see langword="null"/> (config, else ollama).</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model name. Default: <see langword="null"/> (config, else picked from the server's list for Ollama).</summary>
    public string? Model { get; init; }

    /// <summary>Gets the server base URL. Default: <see langword="null"/> (<c>OLLAMA_HOST</c> or the endpoint from the config).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Gets the name of an endpoint declared in the config. Default: <see langword="null"/>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets the egress policy. Default: <see langword="null"/> (config, else <see cref="EgressMode.Local"/>).</summary>
    public EgressMode? Policy { get; init; }

    /// <summary>Gets the model's context size in tokens. Default: <see langword="null"/> (read from the server, else <see cref="DefaultContextTokens"/>).</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Gets the embedding model. Default: <see langword="null"/> (an installed embedding model for Ollama, none otherwise).</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Gets a value indicating whether identifiers are replaced by placeholders before text goes to a non-loopback endpoint. Default: <see langword="false"/>.</summary>
    public bool Redact { get; init; }

    /// <summary>Gets how many times a failed request is retried. Default: <see cref="DefaultMaxRetries"/>.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>Gets the first retry delay; later delays grow exponentially with jitter. Default: 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait a <c>Retry-After</c> header may impose. Default: 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets how long one attempt may wait for response headers (a local model may load first). Default: 5 min.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long a response may send nothing before it counts as stalled. Default: 3 min.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Gets how long the availability probe (list models) may take. Default: 5 s.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets a replacement for the network handler under the egress guard (tests, custom transports). Default: <see langword="null"/>.</summary>
    /// <remarks>The guard still runs first: a replaced transport cannot widen the policy.</remarks>
    public Func<HttpMessageHandler>? Transport { get; init; }
}
