using DocAssist.Core;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;

namespace DocAssist.Llm.Tests;

public sealed class EgressPolicyTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("model.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("localhost.evil.com", false)]
    [InlineData("api.scaleway.ai", false)]
    public void IsLoopbackHost_Name_DecidedWithoutDns(string host, bool expected) =>
        Assert.Equal(expected, EgressPolicy.IsLoopbackHost(host));

    [Fact]
    public void Evaluate_LocalRemote_RefusedWithHowToAllow()
    {
        var policy = new EgressPolicy(EgressMode.Local);
        var uri = new Uri("https://api.scaleway.ai/v1/chat/completions");

        EgressVerdict verdict = policy.Evaluate(uri, "llama-3.3-70b-instruct");
        string message = policy.RefusalMessage(uri, verdict);

        Assert.False(verdict.Allowed);
        Assert.Contains("api.scaleway.ai", message);
        Assert.Contains("'local'", message);
        Assert.Contains(Settings.Mention(Settings.Policy, "eu"), message);
        Assert.Contains(Settings.Mention(Settings.Policy, "any"), message);
        Assert.DoesNotContain("--", message);
    }

    [Fact]
    public void Evaluate_EuUndeclaredKnownHost_Refused()
    {
        var policy = new EgressPolicy(EgressMode.Eu);

        EgressVerdict verdict = policy.Evaluate(new Uri("https://api.scaleway.ai/v1"), "m");

        Assert.False(verdict.Allowed);
        Assert.Contains("not declared", verdict.Reason);
    }

    [Fact]
    public void Evaluate_EuDeclaredScaleway_AllowedWithSource()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("api.scaleway.ai"));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://api.scaleway.ai/v1/chat/completions"), "m");

        Assert.True(verdict.Allowed);
        Assert.Equal("EU", verdict.Label);
        Assert.Contains("not verified", verdict.Reason);
    }

    [Fact]
    public void Evaluate_EuDeclaredGlobalMistral_RefusedEvenIfUserSaysFr()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("api.mistral.ai"));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://api.mistral.ai/v1/chat/completions"), "m");

        Assert.False(verdict.Allowed);
        Assert.Contains("api.eu.mistral.ai", verdict.Reason);
    }

    [Fact]
    public void Evaluate_EuMistralEuEndpoint_AllowedWithCaveat()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("api.eu.mistral.ai"));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://api.eu.mistral.ai/v1/chat/completions"), "mistral-medium-latest");

        Assert.True(verdict.Allowed);
        Assert.NotNull(verdict.Caveat);
    }

    [Fact]
    public void Evaluate_EuTSystems_NeedsModelAllowList()
    {
        var noList = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("llm-server.llmhub.t-systems.net", "DE"));
        var withList = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("llm-server.llmhub.t-systems.net", "DE", ["Llama-3.3-70B-Instruct"]));
        var uri = new Uri("https://llm-server.llmhub.t-systems.net/v2/chat/completions");

        Assert.False(noList.Evaluate(uri, "Llama-3.3-70B-Instruct").Allowed);
        Assert.True(withList.Evaluate(uri, "Llama-3.3-70B-Instruct").Allowed);
        Assert.False(withList.Evaluate(uri, "gpt-4o-US").Allowed);
        Assert.False(withList.Evaluate(uri, "claude-3").Allowed);
    }

    [Fact]
    public void Evaluate_EuSwissEndpoint_LabelledChAndRefused()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("api.infomaniak.com", "CH"));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://api.infomaniak.com/1/ai/1/openai/chat/completions"), "m");

        Assert.False(verdict.Allowed);
        Assert.Equal("CH", verdict.Label);
    }

    [Fact]
    public void Evaluate_EuAzureDeclaredAsEu_RefusedUsParent()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("myres.openai.azure.com", "IE"));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://myres.openai.azure.com/openai/v1/chat/completions"), "gpt-4o");

        Assert.False(verdict.Allowed);
        Assert.Contains("US parent", verdict.Reason);
    }

    [Fact]
    public void Evaluate_EuUserEntryHostedInUs_Refused()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("llm.example.com", "US"));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://llm.example.com/v1/chat/completions"), "m");

        Assert.False(verdict.Allowed);
        Assert.Contains("hosting country is US", verdict.Reason);
    }

    [Fact]
    public void Evaluate_EuUserEntryForOtherModel_Refused()
    {
        var policy = new EgressPolicy(EgressMode.Eu, TestDocs.EuConfig("llm.example.fr", "FR", ["small-model"]));

        EgressVerdict verdict = policy.Evaluate(new Uri("https://llm.example.fr/v1/chat/completions"), "big-model");

        Assert.False(verdict.Allowed);
        Assert.Contains("small-model", verdict.Reason);
    }

    [Fact]
    public void Evaluate_Any_AllowedWithLoudCaveat()
    {
        var policy = new EgressPolicy(EgressMode.Any);

        EgressVerdict verdict = policy.Evaluate(new Uri("https://api.example.com/v1"), null);

        Assert.True(verdict.Allowed);
        Assert.Contains("off this machine", verdict.Caveat);
    }

    [Theory]
    [InlineData("FR", "EU")]
    [InlineData("NO", "EEA")]
    [InlineData("CH", "CH")]
    [InlineData("US", "non-EU")]
    [InlineData(null, "unknown")]
    public void Jurisdictions_Label(string? code, string label) => Assert.Equal(label, Jurisdictions.Label(code));
}
