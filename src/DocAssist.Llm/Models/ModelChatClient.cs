using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Models;

/// <summary>Applies per-connection chat options (e.g. Ollama's context size) and maps every failure to a clear error.</summary>
internal sealed class ModelChatClient(IChatClient inner, Uri endpoint, int retries, Action<ChatOptions>? configure) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, Configure(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ModelErrors.Map(ex, endpoint, retries);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> e;
        try
        {
            e = base.GetStreamingResponseAsync(messages, Configure(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ModelErrors.Map(ex, endpoint, retries);
        }

        await using (e.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await e.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw ModelErrors.Map(ex, endpoint, retries);
                }

                if (!more)
                {
                    yield break;
                }

                yield return e.Current;
            }
        }
    }

    private ChatOptions? Configure(ChatOptions? options)
    {
        if (configure is null)
        {
            return options;
        }

        ChatOptions copy = options?.Clone() ?? new ChatOptions();
        configure(copy);
        return copy;
    }
}
