using DocAssist.Llm.Diagnostics;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;
using DocAssist.Llm.Models;
using DocAssist.Testing;

namespace DocAssist.Llm.Tests;

public sealed class DoctorTests
{
    [Fact]
    public async Task Run_OllamaAndEndpoints_VerdictPerEndpoint()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        var config = new DocAssistConfig
        {
            Path = "c.json",
            Endpoints =
            [
                new EndpointEntry { Name = "scaleway", BaseUrl = new Uri("https://api.scaleway.ai/v1"), OperatorCountry = "FR", HostingCountry = "FR" },
                new EndpointEntry { Name = "swiss", BaseUrl = new Uri("https://api.infomaniak.com/1/ai/1/openai"), OperatorCountry = "CH", HostingCountry = "CH" },
            ],
        };
        var factory = new ModelClientFactory(TestDocs.FastOptions(server) with { Policy = EgressMode.Eu }, config, null, TestDocs.NoEnvironment);

        IReadOnlyList<DoctorCheck> checks = await DoctorChecks.RunAsync(factory);

        Assert.Contains(checks, c => c.Name == "ollama" && c.Status == DoctorStatus.Ok && c.Detail.Contains("llama3.2:latest", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Name == "endpoint scaleway" && c.Detail.Contains("allowed", StringComparison.Ordinal) && c.Detail.Contains("not verified", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Name == "endpoint swiss" && c.Status == DoctorStatus.Failed && c.Detail.Contains("[CH]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_NoOllama_WarningWithHint()
    {
        IReadOnlyList<DoctorCheck> checks = await DoctorChecks.RunAsync(TestDocs.Factory(new ModelOptions { BaseUrl = "http://127.0.0.1:9", ProbeTimeout = TimeSpan.FromSeconds(2) }));

        DoctorCheck ollama = Assert.Single(checks, c => c.Name == "ollama");
        Assert.Equal(DoctorStatus.Warning, ollama.Status);
        Assert.Contains("ollama pull", ollama.Detail);
    }
}
