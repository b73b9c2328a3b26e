using System.Net;
using System.Net.Sockets;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;
using DocAssist.Testing;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Tests;

public sealed class ProviderTests
{
    [Fact]
    public async Task Connect_NoModelGiven_PicksMostRecentChatModelAndSaysWhich()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Models =
        [
            new("qwen2.5:3b", 32768, "qwen2", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            new("llama3.2:latest", 131072, "llama", new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)),
            new("nomic-embed-text:latest", 2048, "nomic-bert", new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)),
        ];

        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));

        Assert.Equal("llama3.2:latest", connection.Model);
        Assert.Contains(connection.Notices, n => n.Contains("llama3.2:latest") && n.Contains(Settings.Mention(Settings.Model)) && !n.Contains("--"));
        Assert.Equal("nomic-embed-text:latest", connection.EmbeddingModel);
        Assert.NotNull(connection.Embeddings);
    }

    [Fact]
    public async Task Connect_ContextFromModelInfo_CappedAndSentAsNumCtx()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Models = [new("small:latest", 4096)];

        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        await connection.Chat.GetResponseAsync("hi");

        Assert.Equal(4096, connection.ContextTokens);
        Assert.Contains("\"num_ctx\":4096", server.ChatRequests.Single().Options);
    }

    [Fact]
    public async Task Connect_ContextFlag_OverridesServer()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();

        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server) with { ContextTokens = 2048 }));

        Assert.Equal(2048, connection.ContextTokens);
    }

    [Fact]
    public async Task Connect_NamedModelMissing_ClearErrorWithPullHint()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();

        LlmException error = await Assert.ThrowsAsync<LlmException>(() => TestDocs.Factory(TestDocs.FastOptions(server) with { Model = "mistral" }).ConnectAsync());

        Assert.Contains("ollama pull mistral", error.Message);
        Assert.Contains("llama3.2:latest", error.Message);
    }

    [Fact]
    public async Task Connect_NoServer_UnavailableWithHintQuickly()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var started = DateTime.UtcNow;
        ModelAvailability availability = await TestDocs.Factory(new ModelOptions { BaseUrl = $"http://127.0.0.1:{port}" }).ConnectAsync();

        Assert.Null(availability.Connection);
        Assert.Contains("no Ollama server answered", availability.Problem);
        Assert.Contains("ollama pull", availability.Hint);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the probe must not retry a refused connection");
    }

    [Fact]
    public async Task Connect_ServerWithoutChatModels_UnavailableWithHint()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Models = [];

        ModelAvailability availability = await TestDocs.Factory(TestDocs.FastOptions(server)).ConnectAsync();

        Assert.Null(availability.Connection);
        Assert.Contains("no chat model", availability.Problem);
    }

    [Fact]
    public async Task Summarize_Ollama_DocumentTextReachesTheModelAndStreams()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => "The report says revenue rose by twelve percent in the north.";
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        var summarizer = new Summarizer(connection.Chat, connection.ContextTokens);

        var pieces = new List<string>();
        await foreach (string piece in summarizer.SummarizeAsync(TestDocs.Make("report.txt", "Quarterly revenue rose by 12 percent in the northern region.", "Costs fell in the south.")))
        {
            pieces.Add(piece);
        }

        ModelRequest request = server.ChatRequests.Single();
        Assert.Contains("Quarterly revenue rose by 12 percent in the northern region.", request.LastUser);
        Assert.Contains("Costs fell in the south.", request.LastUser);
        Assert.True(pieces.Count > 3, "the summary streams in pieces");
        Assert.Equal("The report says revenue rose by twelve percent in the north.", string.Concat(pieces));
    }

    [Fact]
    public async Task Summarize_OpenAiSse_DocumentTextReachesTheModel()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => "A short summary.";
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server, "openai") with { Model = "local-model" }));
        var summarizer = new Summarizer(connection.Chat, connection.ContextTokens);

        string summary = string.Concat(await summarizer.SummarizeAsync(TestDocs.Make("memo.txt", "The board approved the merger on 3 May.")).ToListAsync());

        Assert.Equal("A short summary.", summary);
        Assert.Equal("openai", server.ChatRequests.Single().Protocol);
        Assert.Equal("local-model", server.ChatRequests.Single().Model);
        Assert.Contains("The board approved the merger on 3 May.", server.ChatRequests.Single().LastUser);
        Assert.Equal(server.TotalRequestBytes, connection.Ledger.TotalBytesSent);
    }

    [Fact]
    public async Task Embeddings_OpenAi_ReturnVectors()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(
            TestDocs.Factory(TestDocs.FastOptions(server, "openai") with { Model = "m", EmbeddingModel = "e" }));

        GeneratedEmbeddings<Embedding<float>> vectors = await connection.Embeddings!.GenerateAsync(["alpha beta", "gamma"]);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(LoopbackModelServer.Embed("alpha beta"), vectors[0].Vector.ToArray());
    }

    [Fact]
    public void OllamaHost_ParsedLikeOllama()
    {
        Assert.Equal("http://127.0.0.1:11434/", OllamaHost.Parse(null).ToString());
        Assert.Equal("http://127.0.0.1:11434/", OllamaHost.Parse("0.0.0.0").ToString());
        Assert.Equal("http://127.0.0.1:8080/", OllamaHost.Parse("0.0.0.0:8080").ToString());
        Assert.Equal("http://example.com/", OllamaHost.Parse("http://example.com").ToString());
        Assert.Equal("https://example.com/", OllamaHost.Parse("https://example.com").ToString());
        Assert.Equal("http://[::1]:11434/", OllamaHost.Parse("[::1]:11434").ToString());
        Assert.Equal("http://gpu-box:11434/", OllamaHost.Parse("gpu-box").ToString());
        Assert.Equal("http://example.com:11434/path", OllamaHost.Parse("example.com:11434/path").ToString());
    }
}
