using System.Text.Json;

namespace DocAssist.Cli.Tests;

/// <summary>A wrong command line is a usage error: exit code 2, one line on stderr that names the flag, nothing on stdout.</summary>
public sealed class UsageErrorTests : CliScratch
{
    [Theory]
    [InlineData("extract", "--frobnicate", "{file}")]
    [InlineData("extract", "{file}", "--frobnicate")]
    [InlineData("summarize", "--frobnicate", "{file}")]
    [InlineData("ask", "{file}", "what?", "--frobnicate")]
    [InlineData("batch", "{dir}", "--frobnicate")]
    [InlineData("doctor", "--frobnicate")]
    public async Task UnknownOption_IsUsageErrorNamingFlagAndCommand(params string[] args)
    {
        string file = Write("a.txt", "Some text.");
        string command = args[0];

        CliResult result = await CliRunner.RunAsync([.. args.Select(a => a.Replace("{file}", file).Replace("{dir}", Dir))], null, CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"docassist: unknown option --frobnicate for `{command}`; see `docassist {command} --help`.", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task OptionLookingTokenAfterDoubleDash_IsAFileName()
    {
        string file = Write("-frob.txt", "Dashed name.");

        CliResult result = await CliRunner.RunAsync(["extract", "--", file], null, CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Dashed name.", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extract", "--format", "xml", "--format 'xml' is not one of text, markdown, json.")]
    [InlineData("summarize", "--length", "huge", "--length 'huge' is not one of short, medium, long.")]
    [InlineData("batch", "--length", "huge", "--length 'huge' is not one of short, medium, long.")]
    public async Task BadEnumValue_NamesFlagAndChoices(string command, string flag, string value, string message)
    {
        string file = Write("a.txt", "Some text.");
        string[] args = command == "batch" ? [command, Dir, "--out", Path.Combine(Dir, "out"), flag, value] : [command, flag, value, file];

        CliResult result = await CliRunner.RunAsync(args, null, CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("docassist: " + message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("DocAssist.", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task EnumValues_StillAcceptedInAnyCase()
    {
        string file = Write("a.txt", "Some text.");

        CliResult result = await CliRunner.RunAsync(["extract", "--format", "Markdown", file], null, CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Some text.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_JsonBeforeFile_ReadsTheFile()
    {
        string file = Write("minutes.txt", "The board met on 3 May. The merger was approved. The budget was adopted.");

        CliResult result = await CliRunner.RunAsync(
            ["summarize", "--json", file, "--extractive"],
            new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = Dir, ["DOCASSIST_CONFIG"] = null },
            CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(file, json.RootElement.GetProperty("file").GetString());
        Assert.True(json.RootElement.GetProperty("extractive").GetBoolean());
    }
}
