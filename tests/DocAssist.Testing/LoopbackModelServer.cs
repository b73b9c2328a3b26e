using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocAssist.Testing;

/// <summary>A Kestrel server on 127.0.0.1 that speaks the Ollama (/api/tags, /api/show, /api/chat, /api/embed) and OpenAI
/// (/v1/chat/completions, /v1/embeddings, /v1/models) wire protocols, records every request, and can play faults.</summary>
public sealed class LoopbackModelServer : IAsyncDisposable
{
    /// <summary>The dimension of the deterministic bag-of-words embeddings.</summary>
    public const int EmbeddingDimension = 64;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<ModelFault> _faults = new();
    private int _connections;
    private int _chatRequests;

    private LoopbackModelServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Gets the server's base URL (Ollama's API is under it; OpenAI's under <see cref="OpenAiBaseUrl"/>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets the OpenAI-compatible base URL (<c>…/v1</c>).</summary>
    public Uri OpenAiBaseUrl => new(BaseUrl, "v1");

    /// <summary>Gets the port.</summary>
    public int Port => BaseUrl.Port;

    /// <summary>Gets or sets the models listed; the first is the default.</summary>
    public List<LoopbackModel> Models { get; set; } = [new("llama3.2:latest", 8192)];

    /// <summary>Gets or sets how chat replies are made. Default: a sentence saying how much text was read.</summary>
    public Func<ModelRequest, string> Responder { get; set; } = r => $"I read {r.AllText.Length} characters.";

    /// <summary>Gets or sets a value indicating whether the embedding endpoints answer (a server without an embedding model answers 404).</summary>
    public bool EmbeddingsEnabled { get; set; } = true;

    /// <summary>Gets the chat requests understood so far, in arrival order.</summary>
    public ConcurrentQueue<ModelRequest> ChatRequests { get; } = new();

    /// <summary>Gets every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Gets the number of TCP connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Gets the number of chat requests received (faulted ones included).</summary>
    public int ChatRequestCount => Volatile.Read(ref _chatRequests);

    /// <summary>Gets the request body bytes received in all.</summary>
    public long TotalRequestBytes => _requests.Sum(r => r.RequestBodyBytes);

    /// <summary>Gets the response body bytes written in all.</summary>
    public long TotalResponseBytes => _requests.Sum(r => r.ResponseBodyBytes);

    /// <summary>Starts a server on 127.0.0.1 with a free port.</summary>
    public static async Task<LoopbackModelServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        LoopbackModelServer? server = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref server!._connections);
            return next(connection);
        })));
        WebApplication app = builder.Build();
        server = new LoopbackModelServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Plays a fault instead of answering the next model request (chat or embeddings), in order.</summary>
    public void EnqueueFault(ModelFault fault) => _faults.Enqueue(fault);

    /// <summary>Clears the recorded requests.</summary>
    public void ClearRecords()
    {
        _requests.Clear();
        ChatRequests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Makes a deterministic embedding: hashed word counts, L2-normalised.</summary>
    public static float[] Embed(string text)
    {
        var v = new float[EmbeddingDimension];
        foreach (string w in text.ToLowerInvariant().Split([' ', '\n', '.', ',', '?', '!', ';', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            v[(int)((uint)StableHash(w) % EmbeddingDimension)] += 1;
        }

        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm > 0)
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = (float)(v[i] / norm);
            }
        }

        return v;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        byte[] body = buffer.ToArray();
        string path = context.Request.Path.Value ?? "/";
        long written = 0;

        async Task WriteAsync(string text, bool flush = false)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            written += bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            if (flush)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        try
        {
            bool isModelCall = context.Request.Method == "POST" && path is "/api/chat" or "/api/embed" or "/v1/chat/completions" or "/v1/embeddings";
            if (path is "/api/chat" or "/v1/chat/completions")
            {
                Interlocked.Increment(ref _chatRequests);
            }

            if (isModelCall && _faults.TryDequeue(out ModelFault? fault))
            {
                await PlayFaultAsync(context, fault, path, WriteAsync).ConfigureAwait(false);
                return;
            }

            JsonNode? json = body.Length > 0 ? JsonNode.Parse(body) : null;
            switch (path)
            {
                case "/api/tags":
                    context.Response.ContentType = "application/json";
                    await WriteAsync(Tags()).ConfigureAwait(false);
                    break;
                case "/api/version":
                    context.Response.ContentType = "application/json";
                    await WriteAsync("{\"version\":\"0.12.0\"}").ConfigureAwait(false);
                    break;
                case "/api/show":
                    await ShowAsync(context, json, WriteAsync).ConfigureAwait(false);
                    break;
                case "/api/chat":
                    await OllamaChatAsync(context, json!, WriteAsync).ConfigureAwait(false);
                    break;
                case "/api/embed":
                    await OllamaEmbedAsync(context, json!, WriteAsync).ConfigureAwait(false);
                    break;
                case "/v1/models":
                    context.Response.ContentType = "application/json";
                    await WriteAsync(new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. Models.Select(m => (JsonNode)new JsonObject { ["id"] = m.Name, ["object"] = "model", ["created"] = 1, ["owned_by"] = "loopback" })]) }.ToJsonString()).ConfigureAwait(false);
                    break;
                case "/v1/chat/completions":
                    await OpenAiChatAsync(context, json!, WriteAsync).ConfigureAwait(false);
                    break;
                case "/v1/embeddings":
                    await OpenAiEmbedAsync(context, json!, WriteAsync).ConfigureAwait(false);
                    break;
                default:
                    context.Response.StatusCode = 404;
                    context.Response.ContentType = "application/json";
                    await WriteAsync("{\"error\":\"not found\"}").ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            _requests.Enqueue(new RecordedRequest(context.Request.Method, path, context.Request.Host.Value ?? string.Empty, Encoding.UTF8.GetString(body), body.Length, written));
        }
    }

    private static async Task PlayFaultAsync(HttpContext context, ModelFault fault, string path, Func<string, bool, Task> write)
    {
        switch (fault.Kind)
        {
            case "reset":
                context.Abort();
                return;
            case "status":
            case "429":
                context.Response.StatusCode = fault.Status;
                context.Response.ContentType = "application/json";
                if (fault.RetryAfterSeconds > 0)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                }

                await write("{\"error\":\"fault injected\"}", false).ConfigureAwait(false);
                return;
            case "malformed":
                context.Response.ContentType = path.StartsWith("/v1", StringComparison.Ordinal) ? "application/json" : "application/x-ndjson";
                await write("{\"model\": \"x\", \"message\": {\"role\": \"assistant\", \"content\": tru\n", false).ConfigureAwait(false);
                return;
            case "stall":
                bool openAi = path.StartsWith("/v1", StringComparison.Ordinal);
                context.Response.ContentType = openAi ? "text/event-stream" : "application/x-ndjson";
                await write(openAi ? Sse(Chunk("m", "Partial", null)) : OllamaLine("m", "Partial", false) + "\n", true).ConfigureAwait(false);
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                return;
        }
    }

    private string Tags()
    {
        var models = new JsonArray();
        foreach (LoopbackModel m in Models)
        {
            models.Add(new JsonObject
            {
                ["name"] = m.Name,
                ["model"] = m.Name,
                ["modified_at"] = (m.ModifiedAt ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToString("O", CultureInfo.InvariantCulture),
                ["size"] = 2019393189,
                ["digest"] = "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
                ["details"] = new JsonObject
                {
                    ["parent_model"] = string.Empty,
                    ["format"] = "gguf",
                    ["family"] = m.Family,
                    ["families"] = new JsonArray(m.Family),
                    ["parameter_size"] = "3.2B",
                    ["quantization_level"] = "Q4_K_M",
                },
            });
        }

        return new JsonObject { ["models"] = models }.ToJsonString();
    }

    private async Task ShowAsync(HttpContext context, JsonNode? json, Func<string, bool, Task> write)
    {
        string name = json?["model"]?.GetValue<string>() ?? json?["name"]?.GetValue<string>() ?? string.Empty;
        LoopbackModel? model = Models.FirstOrDefault(m => m.Name == name || m.Name == name + ":latest");
        context.Response.ContentType = "application/json";
        if (model is null)
        {
            context.Response.StatusCode = 404;
            await write($"{{\"error\":\"model '{name}' not found\"}}", false).ConfigureAwait(false);
            return;
        }

        var show = new JsonObject
        {
            ["modelfile"] = "# Modelfile",
            ["parameters"] = "stop \"<|eot_id|>\"",
            ["template"] = "{{ .Prompt }}",
            ["details"] = new JsonObject { ["parent_model"] = string.Empty, ["format"] = "gguf", ["family"] = model.Family, ["families"] = new JsonArray(model.Family), ["parameter_size"] = "3.2B", ["quantization_level"] = "Q4_K_M" },
            ["model_info"] = new JsonObject
            {
                ["general.architecture"] = model.Family,
                ["general.parameter_count"] = 3212749888L,
                [$"{model.Family}.context_length"] = model.ContextLength,
                [$"{model.Family}.embedding_length"] = 3072,
            },
            ["capabilities"] = model.Family.Contains("bert", StringComparison.Ordinal) ? new JsonArray("embedding") : new JsonArray("completion", "tools"),
            ["modified_at"] = "2025-01-01T00:00:00Z",
        };
        await write(show.ToJsonString(), false).ConfigureAwait(false);
    }

    private ModelRequest Understand(string protocol, JsonNode json)
    {
        var messages = new List<(string, string)>();
        foreach (JsonNode? m in json["messages"]?.AsArray() ?? [])
        {
            JsonNode? content = m?["content"];
            string text = content switch
            {
                null => string.Empty,
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
                _ => content.GetValue<string>(),
            };
            messages.Add((m?["role"]?.GetValue<string>() ?? "user", text));
        }

        var request = new ModelRequest(protocol, json["model"]?.GetValue<string>() ?? string.Empty, messages, json["options"]?.ToJsonString());
        ChatRequests.Enqueue(request);
        return request;
    }

    private static IEnumerable<string> Pieces(string reply)
    {
        // Stream word by word, spaces kept, the way models stream tokens.
        int at = 0;
        while (at < reply.Length)
        {
            int next = reply.IndexOf(' ', at + 1);
            next = next < 0 ? reply.Length : next;
            yield return reply[at..next];
            at = next;
        }
    }

    private static string OllamaLine(string model, string content, bool done) =>
        new JsonObject
        {
            ["model"] = model,
            ["created_at"] = "2025-01-01T00:00:00.000000Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done"] = done,
        }.ToJsonString();

    private async Task OllamaChatAsync(HttpContext context, JsonNode json, Func<string, bool, Task> write)
    {
        ModelRequest request = Understand("ollama", json);
        string reply = Responder(request);
        bool stream = json["stream"]?.GetValue<bool>() ?? true;
        context.Response.ContentType = stream ? "application/x-ndjson" : "application/json";
        if (!stream)
        {
            JsonObject whole = JsonNode.Parse(OllamaLine(request.Model, reply, true))!.AsObject();
            whole["done_reason"] = "stop";
            whole["eval_count"] = reply.Length;
            await write(whole.ToJsonString(), false).ConfigureAwait(false);
            return;
        }

        foreach (string piece in Pieces(reply))
        {
            await write(OllamaLine(request.Model, piece, false) + "\n", true).ConfigureAwait(false);
        }

        JsonObject last = JsonNode.Parse(OllamaLine(request.Model, string.Empty, true))!.AsObject();
        last["done_reason"] = "stop";
        last["total_duration"] = 1000;
        last["prompt_eval_count"] = request.AllText.Length / 4;
        last["eval_count"] = reply.Length / 4;
        await write(last.ToJsonString() + "\n", true).ConfigureAwait(false);
    }

    private async Task OllamaEmbedAsync(HttpContext context, JsonNode json, Func<string, bool, Task> write)
    {
        context.Response.ContentType = "application/json";
        if (!EmbeddingsEnabled)
        {
            context.Response.StatusCode = 404;
            await write("{\"error\":\"this model does not support embeddings\"}", false).ConfigureAwait(false);
            return;
        }

        List<string> inputs = Inputs(json["input"]);
        var embeddings = new JsonArray([.. inputs.Select(i => (JsonNode)new JsonArray([.. Embed(i).Select(f => (JsonNode)JsonValue.Create(f))]))]);
        await write(new JsonObject { ["model"] = json["model"]?.GetValue<string>(), ["embeddings"] = embeddings }.ToJsonString(), false).ConfigureAwait(false);
    }

    private static List<string> Inputs(JsonNode? input) => input switch
    {
        JsonArray a => [.. a.Select(x => x?.GetValue<string>() ?? string.Empty)],
        null => [],
        _ => [input.GetValue<string>()],
    };

    private static JsonObject Chunk(string model, string? content, string? finish) => new()
    {
        ["id"] = "chatcmpl-loopback",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1735689600,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = content is null ? new JsonObject() : new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = finish,
        }),
    };

    private static string Sse(JsonObject data) => "data: " + data.ToJsonString() + "\n\n";

    private async Task OpenAiChatAsync(HttpContext context, JsonNode json, Func<string, bool, Task> write)
    {
        ModelRequest request = Understand("openai", json);
        string reply = Responder(request);
        bool stream = json["stream"]?.GetValue<bool>() ?? false;
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            var whole = new JsonObject
            {
                ["id"] = "chatcmpl-loopback",
                ["object"] = "chat.completion",
                ["created"] = 1735689600,
                ["model"] = request.Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
            };
            await write(whole.ToJsonString(), false).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        foreach (string piece in Pieces(reply))
        {
            await write(Sse(Chunk(request.Model, piece, null)), true).ConfigureAwait(false);
        }

        await write(Sse(Chunk(request.Model, null, "stop")), true).ConfigureAwait(false);
        await write("data: [DONE]\n\n", true).ConfigureAwait(false);
    }

    private async Task OpenAiEmbedAsync(HttpContext context, JsonNode json, Func<string, bool, Task> write)
    {
        context.Response.ContentType = "application/json";
        if (!EmbeddingsEnabled)
        {
            context.Response.StatusCode = 404;
            await write("{\"error\":{\"message\":\"no embeddings\"}}", false).ConfigureAwait(false);
            return;
        }

        bool base64 = json["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        int index = 0;
        foreach (string input in Inputs(json["input"]))
        {
            float[] v = Embed(input);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray()))
                : new JsonArray([.. v.Select(f => (JsonNode)JsonValue.Create(f))]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = index++, ["embedding"] = embedding });
        }

        await write(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = json["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["total_tokens"] = 1 },
        }.ToJsonString(), false).ConfigureAwait(false);
    }
}
