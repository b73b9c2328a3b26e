using System.Diagnostics;
using DocAssist.Core.Errors;
using DocAssist.Llm.Models;
using DocAssist.Testing;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Tests;

public sealed class ResilienceTests
{
    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Chat_ServerErrorThenOk_Retried(string provider)
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server, provider) with { Model = provider == "openai" ? "m" : null }));
        server.EnqueueFault(ModelFault.HttpStatus(500));

        string text = string.Concat((await connection.Chat.GetStreamingResponseAsync("hello").ToListAsync()).Select(u => u.Text));

        Assert.StartsWith("I read", text);
        Assert.Equal(2, server.ChatRequestCount);
        Assert.Equal(2, connection.Ledger.Entries.Where(e => e.Purpose == "chat").Sum(e => e.Requests));
    }

    [Fact]
    public async Task Chat_TooManyRequestsWithRetryAfter_WaitsThenSucceeds()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        server.EnqueueFault(ModelFault.TooManyRequests(1));
        var clock = Stopwatch.StartNew();

        ChatResponse response = await connection.Chat.GetResponseAsync("hello");

        Assert.StartsWith("I read", response.Text);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retry-After: 1 was honoured ({clock.Elapsed})");
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task Chat_PersistentServerError_BoundedRetriesThenClearError()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        for (int i = 0; i < 10; i++)
        {
            server.EnqueueFault(ModelFault.HttpStatus(503));
        }

        LlmException error = await Assert.ThrowsAsync<LlmException>(() => connection.Chat.GetResponseAsync("hello"));

        Assert.Equal(ModelOptions.DefaultMaxRetries + 1, server.ChatRequestCount);
        Assert.Contains("503", error.Message);
        Assert.Contains("4 attempts", error.Message);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Chat_ConnectionReset_RetriedThenSucceeds(string provider)
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server, provider) with { Model = provider == "openai" ? "m" : null }));
        server.EnqueueFault(ModelFault.Reset());

        string text = string.Concat((await connection.Chat.GetStreamingResponseAsync("hello").ToListAsync()).Select(u => u.Text));

        Assert.StartsWith("I read", text);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Chat_StalledStream_ClearErrorWithinStallTimeout(string provider)
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server, provider) with { Model = provider == "openai" ? "m" : null }));
        server.EnqueueFault(ModelFault.Stall());
        var clock = Stopwatch.StartNew();

        LlmException error = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in connection.Chat.GetStreamingResponseAsync("hello"))
            {
            }
        });

        Assert.Contains("stalled", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}");
    }

    [Theory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task Chat_MalformedJson_ClearError(string provider)
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server, provider) with { Model = provider == "openai" ? "m" : null }));
        server.EnqueueFault(ModelFault.MalformedJson());

        LlmException error = await Assert.ThrowsAsync<LlmException>(() => connection.Chat.GetResponseAsync("hello"));

        Assert.Contains("malformed", error.Message);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message);
    }
}
