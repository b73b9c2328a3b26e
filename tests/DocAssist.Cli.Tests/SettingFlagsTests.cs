using System.Net;
using System.Text.Json;
using DocAssist.Core;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>The libraries' messages name settings (the library tests check that); what the CLI prints names its flags instead, on stderr,
/// in <c>--json</c> output, in <c>extract</c>'s documents and in <c>doctor</c>'s details.</summary>
public sealed class SettingFlagsTests : CliScratch
{
    [Fact]
    public async Task Extract_EncryptedWithoutPassword_StderrAndJsonNameThePasswordFlag()
    {
        string pdf = TestData.Path("pdfs/pdfpig_encrypted-password-is-password.pdf");

        CliResult result = await CliRunner.RunAsync("extract", "--json", pdf);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("pass its password with --password.", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        string error = json.RootElement.GetProperty("documents")[0].GetProperty("error").GetString()!;
        Assert.Contains("--password", error, StringComparison.Ordinal);
        AssertNoSettingMention(result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Extract_LanguageTypedAsIsoCode_NamesTheLangFlag()
    {
        CliResult result = await CliRunner.RunAsync("extract", "--lang", "xx+fr", TestData.Path("images/tess_phototest.tif"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run with --lang xx+fra", result.Stderr, StringComparison.Ordinal);
        AssertNoSettingMention(result.Stderr);
    }

    [Fact]
    public async Task Extract_HebrewScanReadWithEng_PageWarningsInJsonAndMarkdownNameTheLangFlag()
    {
        string hebrew = TestData.Path("images/udhr_hebrew.png");

        CliResult json = await CliRunner.RunAsync("extract", "--json", hebrew);
        CliResult markdown = await CliRunner.RunAsync("extract", "--format", "markdown", hebrew);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var parsed = JsonDocument.Parse(json.Stdout);
        JsonElement document = parsed.RootElement.GetProperty("documents")[0];
        Assert.Contains(document.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("run with --lang heb", StringComparison.Ordinal));
        Assert.Contains(document.GetProperty("pages")[0].GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("run with --lang heb", StringComparison.Ordinal));
        Assert.Contains("run with --lang heb", markdown.Stdout, StringComparison.Ordinal);
        AssertNoSettingMention(json.Stdout + json.Stderr + markdown.Stdout + markdown.Stderr);
    }

    [Fact]
    public async Task Doctor_MissingTessdataAndRefusedEndpoint_DetailsNameTheFlags()
    {
        string[] args = ["doctor", "--tessdata", Path.Combine(Dir, "none"), "--provider", "openai", "--base-url", "https://api.example.eu/v1"];

        CliResult text = await CliRunner.RunAsync(args, Isolated(), CliRunner.DefaultTimeout, () => new RefusingHandler());
        CliResult json = await CliRunner.RunAsync([.. args, "--json"], Isolated(), CliRunner.DefaultTimeout, () => new RefusingHandler());

        Assert.True(text.ExitCode == 2, text.ToString());
        Assert.Matches(@"FAIL\s+language data\s+.*\(from --tessdata\) does not exist", text.Stdout);
        using var parsed = JsonDocument.Parse(json.Stdout);
        JsonElement[] checks = [.. parsed.RootElement.GetProperty("checks").EnumerateArray()];
        string detail = checks.Single(c => c.GetProperty("name").GetString() == "language data").GetProperty("detail").GetString()!;
        Assert.Contains("(from --tessdata)", detail, StringComparison.Ordinal);
        AssertNoSettingMention(text.Stdout + text.Stderr + json.Stdout + json.Stderr);
    }

    [Fact]
    public async Task Ask_RemoteEndpointRefused_JsonlessStderrNamesThePolicyFlagWithItsValue()
    {
        string file = Write("memo.txt", "Confidential memo.");

        CliResult result = await CliRunner.RunAsync(
            ["ask", file, "What does the memo say?", "--provider", "openai", "--base-url", "http://api.example.com/v1", "--model", "m"],
            new Dictionary<string, string?>(Isolated()) { ["DOCASSIST_API_KEY"] = "k" },
            CliRunner.DefaultTimeout,
            () => new RefusingHandler());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--policy eu", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--policy any", result.Stderr, StringComparison.Ordinal);
        AssertNoSettingMention(result.Stderr);
    }

    /// <summary>Nothing of the form <see cref="Settings.Mention(string)"/> or <see cref="Settings.Mention(string, string)"/> reached the user.</summary>
    private static void AssertNoSettingMention(string printed) =>
        Assert.All(Settings.All, s =>
        {
            Assert.DoesNotContain(Settings.Mention(s), printed, StringComparison.Ordinal);
            Assert.DoesNotContain($"`{s}: ", printed, StringComparison.Ordinal);
        });

    /// <summary>A network that must not be reached.</summary>
    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
    }
}
