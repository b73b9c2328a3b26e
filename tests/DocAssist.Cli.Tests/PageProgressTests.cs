using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>A long single document shows its pages as they are read, on a terminal only, and leaves no trace in the output.</summary>
public sealed class PageProgressTests
{
    [Fact]
    public async Task Extract_OnePdfOnATerminal_ShowsPagesOnStderrAndClearsTheLine()
    {
        string pdf = TestData.Path("pdfs/gen_born_digital.pdf");

        CliResult result = await CliRunner.RunAsync(["extract", pdf], null, CliRunner.DefaultTimeout, errorIsTerminal: true);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\rdocassist: gen_born_digital.pdf: page 1 read…", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("page 3 read…", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("\r", result.Stderr.TrimEnd(' '), StringComparison.Ordinal);
        Assert.DoesNotContain("page 1 read", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_OnePdfOffATerminal_NothingExtraOnStderr()
    {
        string pdf = TestData.Path("pdfs/gen_born_digital.pdf");

        CliResult result = await CliRunner.RunAsync(["extract", pdf], null, CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Stderr);
        Assert.DoesNotContain('\r', result.Stdout);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }
}
