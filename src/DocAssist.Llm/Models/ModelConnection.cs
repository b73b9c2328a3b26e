using DocAssist.Llm.Egress;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Models;

/// <summary>A ready model: its chat client, optional embeddings, context size and the ledger its traffic goes to.</summary>
/// <remarks>Owns its HTTP pipeline; dispose it when the job ends. The clients are thread-safe.</remarks>
public sealed class ModelConnection : IDisposable
{
    private readonly IDisposable[] _owned;

    internal ModelConnection(
        string provider, string model, Uri endpoint, bool isLoopback, int contextTokens, IChatClient chat,
        IEmbeddingGenerator<string, Embedding<float>>? embeddings, string? embeddingModel, EgressLedger ledger, IReadOnlyList<string> notices, params IDisposable[] owned)
    {
        Provider = provider;
        Model = model;
        Endpoint = endpoint;
        IsLoopback = isLoopback;
        ContextTokens = contextTokens;
        Chat = chat;
        Embeddings = embeddings;
        EmbeddingModel = embeddingModel;
        Ledger = ledger;
        Notices = notices;
        _owned = owned;
    }

    /// <summary>Gets the provider (<c>ollama</c> or <c>openai</c>).</summary>
    public string Provider { get; }

    /// <summary>Gets the chat model's name.</summary>
    public string Model { get; }

    /// <summary>Gets the server's base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets a value indicating whether the server is this machine.</summary>
    public bool IsLoopback { get; }

    /// <summary>Gets the context size in tokens the prompts are planned for.</summary>
    public int ContextTokens { get; }

    /// <summary>Gets the chat client (errors mapped to <see cref="Core.Errors.LlmException"/>, redaction applied when asked).</summary>
    public IChatClient Chat { get; }

    /// <summary>Gets the embedding generator, or <see langword="null"/> when the server offers none.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; }

    /// <summary>Gets the embedding model's name, or <see langword="null"/>.</summary>
    public string? EmbeddingModel { get; }

    /// <summary>Gets the ledger of this connection's traffic.</summary>
    public EgressLedger Ledger { get; }

    /// <summary>Gets lines to show the user about the choices made (e.g. which model was picked).</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>Gets a one-line description: provider, model, endpoint.</summary>
    public string Description => $"{Provider} model '{Model}' at {Endpoint.GetLeftPart(UriPartial.Authority)}" + (IsLoopback ? " (this machine)" : " (REMOTE)");

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (IDisposable d in _owned)
        {
            d.Dispose();
        }
    }
}
