using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;
using DocAssist.Llm.Privacy;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OllamaSharp.Models;
using OpenAI;

namespace DocAssist.Llm.Models;

/// <summary>Builds model clients from flags, environment and config: every client talks through one <see cref="HttpClient"/>
/// whose first handler is the <see cref="EgressGuardHandler"/>, then bounded retries, then the byte meter.</summary>
public sealed class ModelClientFactory
{
    /// <summary>The environment variable holding the API key for <c>openai</c> endpoints.</summary>
    public const string ApiKeyVariable = "DOCASSIST_API_KEY";

    /// <summary>The environment variable naming the default model.</summary>
    public const string ModelVariable = "DOCASSIST_MODEL";

    private readonly Func<string, string?> _env;

    /// <summary>Initializes a new instance of the <see cref="ModelClientFactory"/> class.</summary>
    /// <param name="options">The flags.</param>
    /// <param name="config">The user's config.</param>
    /// <param name="ledger">Where traffic is recorded; a new one when <see langword="null"/>.</param>
    /// <param name="getEnvironment">Reads environment variables (defaults to the process environment).</param>
    public ModelClientFactory(ModelOptions options, DocAssistConfig? config = null, EgressLedger? ledger = null, Func<string, string?>? getEnvironment = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Config = config ?? DocAssistConfig.Empty;
        Ledger = ledger ?? new EgressLedger();
        _env = getEnvironment ?? Environment.GetEnvironmentVariable;
        Policy = new EgressPolicy(options.Policy ?? (Config.Policy is { } p ? EgressPolicy.ParseMode(p) : EgressMode.Local), Config);
    }

    /// <summary>Gets the flags.</summary>
    public ModelOptions Options { get; }

    /// <summary>Gets the user's config.</summary>
    public DocAssistConfig Config { get; }

    /// <summary>Gets the ledger every client built here writes to.</summary>
    public EgressLedger Ledger { get; }

    /// <summary>Gets the policy in force.</summary>
    public EgressPolicy Policy { get; }

    /// <summary>Gets the provider in force: the flag, else the config, else <c>ollama</c>.</summary>
    /// <exception cref="ConfigException">The provider is unknown.</exception>
    public string Provider
    {
        get
        {
            string provider = (Options.Provider ?? Config.Provider ?? "ollama").ToLowerInvariant();
            return provider is "ollama" or "openai"
                ? provider
                : throw new ConfigException($"{Settings.Mention(Settings.Provider)} '{provider}' is not one of ollama, openai.") { KeyPath = Settings.Provider };
        }
    }

    /// <summary>Creates the guarded HTTP client all model traffic goes through.</summary>
    /// <param name="baseAddress">The server's base URL.</param>
    /// <returns>A client the caller owns.</returns>
    public HttpClient CreateHttpClient(Uri? baseAddress = null)
    {
        HttpMessageHandler transport = Options.Transport?.Invoke() ?? CreateTransport();
        EgressGuardHandler guard = EgressGuardHandler.CreatePipeline(
            Policy, Ledger, meter => ModelResilience.CreateHandler(Options, meter), transport, Options.StallTimeout);
        return new HttpClient(guard, disposeHandler: true) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Resolves the server URL for the provider in force, without any network access.</summary>
    /// <returns>The base URL and the declared endpoint it came from, if any.</returns>
    /// <exception cref="ConfigException">No URL is known or the named endpoint is not declared.</exception>
    public (Uri BaseUrl, EndpointEntry? Entry) ResolveEndpoint()
    {
        EndpointEntry? entry = null;
        string? endpointName = Options.Endpoint ?? (Options.BaseUrl is null && Provider == "openai" ? Config.Endpoint : null);
        if (endpointName is not null)
        {
            entry = Config.Endpoints.FirstOrDefault(e => e.Name.Equals(endpointName, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigException($"{Settings.Mention(Settings.Endpoint)} '{endpointName}' is not declared in {Config.Path ?? ConfigLoader.DefaultPath(_env)}.") { KeyPath = Settings.Endpoint };
        }

        if (Options.BaseUrl is { } flag)
        {
            return Uri.TryCreate(flag, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? (uri, Config.Endpoints.FirstOrDefault(e => e.BaseUrl.Host.Equals(uri.Host, StringComparison.OrdinalIgnoreCase)))
                : throw new ConfigException($"{Settings.Mention(Settings.BaseUrl)} '{flag}' is not an http(s) URL.") { KeyPath = Settings.BaseUrl };
        }

        if (entry is not null)
        {
            return (entry.BaseUrl, entry);
        }

        if (Provider == "ollama")
        {
            string? env = _env("OLLAMA_HOST");
            return (OllamaHost.Parse(env is { Length: > 0 } ? env : Config.OllamaHost), null);
        }

        if (Config.Endpoints.Count == 1)
        {
            return (Config.Endpoints[0].BaseUrl, Config.Endpoints[0]);
        }

        throw new ConfigException(
            $"The openai provider needs an endpoint: give {Settings.Mention(Settings.BaseUrl, "URL")} or {Settings.Mention(Settings.Endpoint, "NAME")} (declared in the config).")
        {
            KeyPath = Settings.BaseUrl,
        };
    }

    /// <summary>Finds a usable model: for Ollama, lists the server's models (picking one when none is named) and reads its context size.</summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>A connection, or why there is none and how to get one.</returns>
    /// <exception cref="ConfigException">The policy refuses the endpoint, or a setting is wrong.</exception>
    /// <exception cref="LlmException">The server answered but the named model does not exist there.</exception>
    public async Task<ModelAvailability> ConnectAsync(CancellationToken cancellationToken = default)
    {
        (Uri baseUrl, EndpointEntry? entry) = ResolveEndpoint();
        return Provider == "ollama"
            ? await ConnectOllamaAsync(baseUrl, cancellationToken).ConfigureAwait(false)
            : ConnectOpenAi(baseUrl, entry);
    }

    private static SocketsHttpHandler CreateTransport() => new()
    {
        // Redirects and proxies would send the bytes somewhere the guard did not approve.
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = ConnectAsync,
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (EgressPolicy.IsLoopbackHost(host))
        {
            // A name the policy treats as this machine must resolve to this machine.
            addresses = [.. addresses.Where(a => IPAddress.IsLoopback(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a))];
            if (addresses.Length == 0)
            {
                throw new HttpRequestException($"{host} does not resolve to a loopback address; refusing to connect.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<ModelAvailability> ConnectOllamaAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        HttpClient http = CreateHttpClient(baseUrl);
        var ollama = new OllamaApiClient(http, Options.Model ?? string.Empty);
        try
        {
            List<Model> models;
            using (EgressPurpose.Begin("probe"))
            {
                try
                {
                    models = [.. await ollama.ListLocalModelsAsync(cancellationToken).ConfigureAwait(false)];
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (EgressRefusal.TryFind(ex, out ConfigException refusal))
                    {
                        throw refusal;
                    }

                    Dispose(ollama, http);
                    return new ModelAvailability(null, $"no Ollama server answered at {baseUrl.GetLeftPart(UriPartial.Authority)} ({Innermost(ex).Message}).", ModelAvailability.OllamaHint);
                }
            }

            var notices = new List<string>();
            List<Model> chatModels = [.. models.Where(m => !LooksLikeEmbedding(m)).OrderByDescending(m => m.ModifiedAt)];
            string? model = Options.Model ?? (_env(ModelVariable) is { Length: > 0 } envModel ? envModel : Config.Model);
            if (model is null)
            {
                if (chatModels.Count == 0)
                {
                    Dispose(ollama, http);
                    return new ModelAvailability(null, $"the Ollama server at {baseUrl.GetLeftPart(UriPartial.Authority)} has no chat model installed.", ModelAvailability.OllamaHint);
                }

                model = chatModels[0].Name;
                notices.Add(chatModels.Count == 1
                    ? $"using model '{model}', the only chat model installed (choose another with {Settings.Mention(Settings.Model)})."
                    : $"using model '{model}', the most recently pulled of {chatModels.Count} installed chat models ({string.Join(", ", chatModels.Select(m => m.Name))}); choose with {Settings.Mention(Settings.Model)}.");
            }
            else if (!models.Any(m => SameModel(m.Name, model)))
            {
                string installed = models.Count == 0 ? "none" : string.Join(", ", models.Select(m => m.Name));
                throw new LlmException($"model '{model}' is not installed on the Ollama server at {baseUrl.GetLeftPart(UriPartial.Authority)} (installed: {installed}). Run `ollama pull {model}` or choose another with {Settings.Mention(Settings.Model)}.");
            }

            ollama.SelectedModel = model;
            int context = Options.ContextTokens ?? Math.Min(await ReadContextAsync(ollama, model, cancellationToken).ConfigureAwait(false) ?? ModelOptions.DefaultContextTokens, ModelOptions.DefaultContextTokens);

            string? embeddingModel = Options.EmbeddingModel ?? models.Where(LooksLikeEmbedding).Select(m => m.Name).FirstOrDefault();
            IEmbeddingGenerator<string, Embedding<float>>? embeddings = null;
            OllamaApiClient? embedClient = null;
            if (embeddingModel is not null)
            {
                embedClient = new OllamaApiClient(http, embeddingModel);
                embeddings = embedClient;
            }

            bool loopback = EgressPolicy.IsLoopbackHost(baseUrl.IdnHost);
            IChatClient chat = new ModelChatClient(ollama, baseUrl, Options.MaxRetries, o => o.AddOllamaOption(OllamaOption.NumCtx, context));
            (chat, embeddings) = MaybeRedact(chat, embeddings, loopback, baseUrl, notices);
            return new ModelAvailability(
                new ModelConnection("ollama", model, baseUrl, loopback, context, chat, embeddings, embeddingModel, Ledger, notices, [ollama, .. embedClient is null ? Array.Empty<IDisposable>() : [embedClient], http]),
                null,
                null);
        }
        catch
        {
            Dispose(ollama, http);
            throw;
        }
    }

    private ModelAvailability ConnectOpenAi(Uri baseUrl, EndpointEntry? entry)
    {
        string model = Options.Model ?? entry?.DefaultModel ?? (_env(ModelVariable) is { Length: > 0 } m ? m : Config.Model)
            ?? throw new ConfigException($"Name the model to use at {baseUrl} with {Settings.Mention(Settings.Model)} (or \"model\" in the endpoint's config entry).") { KeyPath = Settings.Model };
        bool loopback = EgressPolicy.IsLoopbackHost(baseUrl.IdnHost);

        // Fail before the first document byte is prepared; the guard still checks every request.
        EgressVerdict verdict = Policy.Evaluate(baseUrl, model);
        if (!verdict.Allowed)
        {
            Ledger.AddRefused(baseUrl.GetLeftPart(UriPartial.Authority), "connect");
            throw EgressRefusal.Create(Policy.RefusalMessage(baseUrl, verdict));
        }

        string? key = FindApiKey(entry);
        if (string.IsNullOrEmpty(key))
        {
            key = loopback
                ? "none"
                : throw new ConfigException($"No API key for {baseUrl.Host}: set {ApiKeyVariable}" + (entry?.ApiKeyEnv is { } n ? $" or {n}." : ".")) { KeyPath = ApiKeyVariable };
        }

        HttpClient http = CreateHttpClient();
        var client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            Transport = new HttpClientPipelineTransport(http),

            // Retries live in one place: the resilience handler under the egress guard.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });

        var notices = new List<string>();
        IChatClient chat = new ModelChatClient(client.GetChatClient(model).AsIChatClient(), baseUrl, Options.MaxRetries, null);
        IEmbeddingGenerator<string, Embedding<float>>? embeddings = Options.EmbeddingModel is { } em ? client.GetEmbeddingClient(em).AsIEmbeddingGenerator() : null;
        (chat, embeddings) = MaybeRedact(chat, embeddings, loopback, baseUrl, notices);
        int context = Options.ContextTokens ?? ModelOptions.DefaultContextTokens;
        return new ModelAvailability(new ModelConnection("openai", model, baseUrl, loopback, context, chat, embeddings, Options.EmbeddingModel, Ledger, notices, chat, http), null, null);
    }

    /// <summary>Finds the API key for an OpenAI-compatible endpoint: <see cref="ApiKeyVariable"/>, else the variable the endpoint's config entry names.</summary>
    /// <param name="entry">The declared endpoint, if any.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    internal string? FindApiKey(EndpointEntry? entry) =>
        _env(ApiKeyVariable) is { Length: > 0 } k ? k : (entry?.ApiKeyEnv is { } name ? _env(name) : null);

    private (IChatClient Chat, IEmbeddingGenerator<string, Embedding<float>>? Embeddings) MaybeRedact(
        IChatClient chat, IEmbeddingGenerator<string, Embedding<float>>? embeddings, bool loopback, Uri baseUrl, List<string> notices)
    {
        if (!Options.Redact)
        {
            return (chat, embeddings);
        }

        if (loopback)
        {
            notices.Add($"{Settings.Mention(Settings.Redact)}: the model is on this machine, so nothing is redacted.");
            return (chat, embeddings);
        }

        string destination = baseUrl.GetLeftPart(UriPartial.Authority);
        return (new RedactingChatClient(chat, new Redactor(), Ledger, destination),
            embeddings is null ? null : new RedactingEmbeddingGenerator(embeddings, new Redactor(), Ledger, destination));
    }

    private static async Task<int?> ReadContextAsync(OllamaApiClient ollama, string model, CancellationToken cancellationToken)
    {
        try
        {
            using (EgressPurpose.Begin("probe"))
            {
                ShowModelResponse info = await ollama.ShowModelAsync(new ShowModelRequest { Model = model }, cancellationToken).ConfigureAwait(false);
                if (info.Info?.ExtraInfo is { } extra)
                {
                    foreach ((string key, object? value) in extra)
                    {
                        if (key.EndsWith(".context_length", StringComparison.Ordinal) && TryInt(value, out int n) && n > 0)
                        {
                            return n;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !EgressRefusal.TryFind(ex, out _))
        {
            // Older servers lack model info: plan for the default context.
        }

        return null;
    }

    private static bool TryInt(object? value, out int n)
    {
        n = 0;
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt32(out n),
            IConvertible c => int.TryParse(c.ToString(CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out n),
            _ => false,
        };
    }

    private static bool LooksLikeEmbedding(Model m) =>
        m.Name.Contains("embed", StringComparison.OrdinalIgnoreCase)
        || (m.Details?.Family is { } family && family.Contains("bert", StringComparison.OrdinalIgnoreCase));

    private static bool SameModel(string installed, string wanted) =>
        installed.Equals(wanted, StringComparison.Ordinal) || installed.Equals(wanted + ":latest", StringComparison.Ordinal);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static void Dispose(params IDisposable[] items)
    {
        foreach (IDisposable d in items)
        {
            d.Dispose();
        }
    }
}
