using System.Net;
using System.Text.Json;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary><c>doctor</c> checks the endpoint the flags name: the policy's verdict first, a probe only when the policy allows it.</summary>
public sealed class DoctorCommandTests : CliScratch
{
    [Fact]
    public async Task Doctor_NonLoopbackUrlUnderLocalPolicy_RefusedWithReasonAndNothingContacted()
    {
        var network = new CountingHandler();

        CliResult result = await CliRunner.RunAsync(
            ["doctor", "--provider", "openai", "--base-url", "https://api.example.eu/v1"], Isolated(), CliRunner.DefaultTimeout, () => network);

        Assert.Equal(0, network.Requests);
        Assert.Matches(@"FAIL\s+model endpoint\s+openai at https://api\.example\.eu/v1 \[unknown\] policy local: refused — policy 'local' allows loopback only", result.Stdout);
        Assert.Contains("Not probed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ollama", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Doctor_OpenAiProviderAtLoopback_ProbesThatEndpointNotOllama()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();

        CliResult result = await CliRunner.RunAsync(
            ["doctor", "--provider", "openai", "--base-url", server.OpenAiBaseUrl.ToString(), "--model", "llama3.2:latest"], Isolated(), CliRunner.DefaultTimeout);

        Assert.Matches(@"ok\s+model endpoint\s+openai at http://127\.0\.0\.1:\d+/v1 \[loopback\] policy local: allowed", result.Stdout);
        Assert.Matches(@"ok\s+openai\s+http://127\.0\.0\.1:\d+ answers: 1 model\(s\) listed \(llama3\.2:latest\)", result.Stdout);
        Assert.Contains(server.Requests, r => r.Path == "/v1/models");
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_Json_ChecksStatusesOkAndEgress()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();

        CliResult result = await CliRunner.RunAsync(
            ["doctor", "--json", "--base-url", server.BaseUrl.ToString(), "--policy", "eu"], Isolated(), CliRunner.DefaultTimeout);

        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal("schemaVersion", root.EnumerateObject().First().Name);
        JsonElement[] checks = [.. root.GetProperty("checks").EnumerateArray()];
        Assert.All(checks, c => Assert.Contains(c.GetProperty("status").GetString(), new[] { "ok", "warning", "failed" }));
        JsonElement ollama = Assert.Single(checks, c => c.GetProperty("name").GetString() == "ollama");
        Assert.Equal("ok", ollama.GetProperty("status").GetString());
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "model endpoint" && c.GetProperty("detail").GetString()!.Contains("policy eu: allowed", StringComparison.Ordinal));
        Assert.Equal(result.ExitCode == 0, root.GetProperty("ok").GetBoolean());
        Assert.Equal(0, root.GetProperty("bytesLeftMachine").GetInt64());
        Assert.True(root.GetProperty("egress").GetArrayLength() >= 1);
    }

    /// <summary>A network that counts what reaches it and answers nothing useful.</summary>
    private sealed class CountingHandler : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
    }
}
