using System.Text.RegularExpressions;
using DocAssist.App.Extraction;
using DocAssist.Cli.Output;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>Library messages name settings; the CLI rewrites them into its flags, and no flag spelling creeps back below it.</summary>
public sealed partial class CliSettingsTests
{
    public static TheoryData<string> AllSettings => [.. Settings.All];

    [Theory]
    [InlineData("x.pdf: the PDF is encrypted; pass its password with the `password` setting.", "x.pdf: the PDF is encrypted; pass its password with --password.")]
    [InlineData("raise the limit with the `maxImagePixels` setting).", "raise the limit with --max-pixels).")]
    [InlineData("run with `languages: eng+fra` (or `languages: fra`) to read", "run with --lang eng+fra (or --lang fra) to read")]
    [InlineData("the `provider` setting 'x' is not one of ollama, openai.", "--provider 'x' is not one of ollama, openai.")]
    [InlineData("give `baseUrl: URL` or `endpoint: NAME` (declared in the config).", "give --base-url URL or --endpoint NAME (declared in the config).")]
    [InlineData("Use `policy: any` to allow it.", "Use --policy any to allow it.")]
    [InlineData("the `output` setting must not be the input folder itself", "--out must not be the input folder itself")]
    [InlineData("the `redact` setting: nothing is redacted.", "--redact: nothing is redacted.")]
    [InlineData("`shard: 3/2`: K must be between 1 and N.", "--shard 3/2: K must be between 1 and N.")]
    public void Rewrite_Mentions_BecomeFlags(string message, string expected) => Assert.Equal(expected, CliSettings.Rewrite(message));

    [Theory]
    [InlineData("Run `ollama pull llama3.2` or choose another model.")]
    [InlineData("see `docassist doctor`")]
    [InlineData("the `colour` setting and `colour: red` are not settings")]
    [InlineData("no mention at all: the password setting, languages: fra")]
    [InlineData("")]
    public void Rewrite_AnythingElse_LeftAsItIs(string message) => Assert.Equal(message, CliSettings.Rewrite(message));

    [Theory]
    [MemberData(nameof(AllSettings))]
    public void Rewrite_EverySetting_HasAFlagForBothForms(string setting)
    {
        string flag = CliSettings.Flag(setting);

        Assert.NotEqual(setting, flag);
        Assert.Equal($"use {flag}.", CliSettings.Rewrite($"use {Settings.Mention(setting)}."));
        Assert.Equal($"use {flag} v.", CliSettings.Rewrite($"use {Settings.Mention(setting, "v")}."));
    }

    [Fact]
    public void Rewrite_Outcome_RewritesErrorAndDocumentAndPageWarnings()
    {
        var page = new Page { Number = 1, Text = "the `password` setting", Source = PageSource.Ocr, Warnings = [$"run with {Settings.Mention(Settings.Languages, "fra")}"] };
        var document = new Document { File = "a.png", Kind = DocumentKind.Image, Pages = [page], Warnings = [$"page 1: run with {Settings.Mention(Settings.Languages, "fra")}"] };

        ExtractionOutcome read = CliSettings.Rewrite(new ExtractionOutcome("a.png", document, null, ExtractionErrorKind.None));
        ExtractionOutcome failed = CliSettings.Rewrite(new ExtractionOutcome("b.pdf", null, $"b.pdf: pass {Settings.Mention(Settings.Password)}.", ExtractionErrorKind.Input));

        Assert.Equal("page 1: run with --lang fra", Assert.Single(read.Document!.Warnings));
        Assert.Equal("run with --lang fra", Assert.Single(read.Document.Pages[0].Warnings));
        Assert.Equal("the `password` setting", read.Document.Pages[0].Text); // the document's own text is not a message
        Assert.Equal("b.pdf: pass --password.", failed.Error);
    }

    [Fact]
    public void Sources_OutsideTheCli_HoldNoFlagInAString()
    {
        string src = Path.Combine(TestData.RepoRoot, "src");
        string cli = Path.Combine(src, "DocAssist.Cli") + Path.DirectorySeparatorChar;
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(TestData.RepoRoot, file);
            if (file.StartsWith(cli, StringComparison.Ordinal) || relative.Split(Path.DirectorySeparatorChar).Any(p => p is "obj" or "bin"))
            {
                continue;
            }

            string code = File.ReadAllText(file);
            foreach (Match token in Token().Matches(code))
            {
                if (token.Groups["string"].Success && FlagLike().Match(token.Value) is { Success: true } flag && !Allowed.Contains((relative, flag.Value)))
                {
                    int line = code.AsSpan(0, token.Index).Count('\n') + 1;
                    found.Add($"{relative}:{line}: {flag.Value}");
                }
            }
        }

        Assert.True(found.Count == 0, "Library messages name settings (Settings.Mention), not CLI flags:\n" + string.Join("\n", found));
    }

    [Fact]
    public void Sources_Scan_FindsAFlagInEveryKindOfString()
    {
        const string code = "a = \"x --lang y\"; b = @\"--password\"; c = $\"{d} --out\"; e = \"\"\"\n IN_DIR \n\"\"\"; // \"--model\" in a comment\n/* \"--policy\" */";

        string[] flags = [.. Token().Matches(code).Where(t => t.Groups["string"].Success).Select(t => FlagLike().Match(t.Value)).Where(m => m.Success).Select(m => m.Value)];

        Assert.Equal(["--lang", "--password", "--out", "IN_DIR"], flags);
    }

    /// <summary>Strings that look like flags and are not messages: the worker process's own arguments.</summary>
    private static readonly HashSet<(string File, string Flag)> Allowed =
    [
        (Path.Combine("src", "DocAssist.App", "Extraction", "WorkerHost.cs"), "--warm-up-pdf"),
        (Path.Combine("src", "DocAssist.App", "Extraction", "WorkerHost.cs"), "--warm-up-ocr"),
    ];

    /// <summary>A string literal (raw, verbatim or regular; an interpolation's prefix does not matter) or a comment, whichever starts first.</summary>
    [GeneratedRegex("""(?<string>""\"[\s\S]*?""\"|@"(?:[^"]|"")*"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?<comment>//[^\n]*|/\*[\s\S]*?\*/)""")]
    private static partial Regex Token();

    /// <summary>Any CLI flag (<c>--name</c>) and the batch command's input argument.</summary>
    [GeneratedRegex(@"--[a-z][a-z-]*|\bIN_DIR\b")]
    private static partial Regex FlagLike();
}
