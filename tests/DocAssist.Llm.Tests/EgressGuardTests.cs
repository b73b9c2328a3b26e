using System.Net.Sockets;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;
using DocAssist.Testing;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Tests;

public sealed class EgressGuardTests
{
    [Fact]
    public async Task Send_LocalPolicyRemoteHost_RefusedBeforeAnyConnection()
    {
        // Arrange: a listener that would receive the connection if the guard let the request through.
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var transport = new RedirectingTransport(((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
        ModelClientFactory factory = TestDocs.Factory(new ModelOptions { Transport = transport.CreateHandler });
        using HttpClient http = factory.CreateHttpClient();

        // Act
        ConfigException error = await Assert.ThrowsAsync<ConfigException>(() =>
            http.PostAsync("https://api.example.com/v1/chat/completions", new StringContent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"secret document text\"}]}")));

        // Assert: the error says what, why and how; nothing reached the listener, nothing was even dialled.
        Assert.Contains("api.example.com", error.Message);
        Assert.Contains("'local'", error.Message);
        Assert.Contains(Settings.Mention(Settings.Policy, "any"), error.Message);
        Assert.DoesNotContain("--", error.Message);
        Assert.Equal(Settings.Policy, error.KeyPath);
        Assert.Equal(ErrorCodes.EgressRefused, error.Code);
        Assert.Equal(0, transport.ConnectAttempts);
        Assert.False(listener.Pending());
        Assert.Equal(0, factory.Ledger.TotalBytesSent);
        Assert.Equal(1, factory.Ledger.Entries.Single().Refused);
        Assert.Contains("0 bytes left this machine", factory.Ledger.Render());
    }

    [Fact]
    public async Task Connect_OpenAiRemoteUnderLocalPolicy_RefusedBeforeAnyConnection()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        var transport = new RedirectingTransport(server.Port);
        var env = new Dictionary<string, string?> { [ModelClientFactory.ApiKeyVariable] = "k" };
        var factory = new ModelClientFactory(
            new ModelOptions { Provider = "openai", BaseUrl = "https://api.example.com/v1", Model = "m", Transport = transport.CreateHandler },
            null,
            null,
            n => env.GetValueOrDefault(n));

        ConfigException error = await Assert.ThrowsAsync<ConfigException>(() => factory.ConnectAsync());

        Assert.Contains("refused to send to api.example.com", error.Message);
        Assert.Equal(0, transport.ConnectAttempts);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Connect_OllamaHostRemoteUnderLocalPolicy_RefusedNotFallback()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        var transport = new RedirectingTransport(server.Port);
        var factory = new ModelClientFactory(
            new ModelOptions { Transport = transport.CreateHandler }, null, null, n => n == "OLLAMA_HOST" ? "gpu-box.example.net:11434" : null);

        ConfigException error = await Assert.ThrowsAsync<ConfigException>(() => factory.ConnectAsync());

        Assert.Contains("gpu-box.example.net", error.Message);
        Assert.Equal(0, transport.ConnectAttempts);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Summarize_Loopback_LedgerMatchesServerBytesAndSaysZeroLeft()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        ModelClientFactory factory = TestDocs.Factory(TestDocs.FastOptions(server));
        using ModelConnection connection = await TestDocs.ConnectAsync(factory);

        var summarizer = new Summarizer(connection.Chat, connection.ContextTokens);
        await foreach (string _ in summarizer.SummarizeAsync(TestDocs.Make("a.txt", "Quarterly revenue rose by 12 percent in the northern region.")))
        {
        }

        Assert.Equal(server.TotalRequestBytes, factory.Ledger.TotalBytesSent);
        Assert.Equal(server.TotalResponseBytes, factory.Ledger.TotalBytesReceived);
        Assert.Equal(server.Requests.Count, factory.Ledger.Entries.Sum(e => e.Requests));
        Assert.Equal(0, factory.Ledger.BytesLeftMachine);
        Assert.Contains("0 bytes left this machine.", factory.Ledger.Render());
    }

    [Fact]
    public async Task Chat_EuPolicyDeclaredEndpoint_AllowedAndCountedAsLeavingTheMachine()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        var transport = new RedirectingTransport(server.Port);
        var env = new Dictionary<string, string?> { [ModelClientFactory.ApiKeyVariable] = "k" };
        var factory = new ModelClientFactory(
            new ModelOptions { Provider = "openai", Endpoint = "test-eu", Model = "m", Policy = EgressMode.Eu, Transport = transport.CreateHandler },
            TestDocs.EuConfig("llm.example.fr"),
            null,
            n => env.GetValueOrDefault(n));
        using ModelConnection connection = await TestDocs.ConnectAsync(factory);

        ChatResponse response = await connection.Chat.GetResponseAsync("hello from the document");

        Assert.StartsWith("I read", response.Text);
        Assert.Equal("llm.example.fr", server.Requests.Single().Host.Split(':')[0]);
        Assert.Equal(server.TotalRequestBytes, factory.Ledger.BytesLeftMachine);
        Assert.Contains($"{server.TotalRequestBytes} bytes left this machine", factory.Ledger.Render());
        Assert.Contains("REMOTE", factory.Ledger.Render());
    }

    [Fact]
    public async Task Chat_AnyPolicy_ReportedLoudlyInLedger()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        var transport = new RedirectingTransport(server.Port);
        var env = new Dictionary<string, string?> { [ModelClientFactory.ApiKeyVariable] = "k" };
        var factory = new ModelClientFactory(
            new ModelOptions { Provider = "openai", BaseUrl = "http://api.example.com/v1", Model = "m", Policy = EgressMode.Any, Transport = transport.CreateHandler },
            null,
            null,
            n => env.GetValueOrDefault(n));
        using ModelConnection connection = await TestDocs.ConnectAsync(factory);

        await connection.Chat.GetResponseAsync("hello");

        Assert.Contains(factory.Ledger.Notices, n => n.Contains("policy 'any'") && n.Contains("api.example.com"));
        Assert.Contains("note: policy 'any'", factory.Ledger.Render());
    }
}
