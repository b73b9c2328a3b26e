using System.Text.Json;
using System.Text.RegularExpressions;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>docs/json.md cannot drift silently: every field it documents (not marked optional) appears in real <c>--json</c> output,
/// and every field real output has is documented.</summary>
public sealed partial class JsonDocsTests : CliScratch
{
    [Fact]
    public async Task Extract_DocumentedFieldsMatchOutput()
    {
        CliResult result = await CliRunner.RunAsync(["extract", "--json", TestData.Path("pdfs/gen_born_digital.pdf")], null, CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement document = json.RootElement.GetProperty("documents")[0];
        AssertMatches(Table("extract", 0), json.RootElement);
        AssertMatches(Table("extract", 1), document);
        AssertMatches(Table("extract", 2), document.GetProperty("pages")[0]);
    }

    [Fact]
    public async Task Summarize_DocumentedFieldsMatchOutput()
    {
        string file = Path.Combine(Dir, "minutes.txt");
        File.WriteAllText(file, "The board met on 3 May. The merger was approved. The budget was adopted.");

        CliResult result = await CliRunner.RunAsync(["summarize", "--json", "--extractive", file], Isolated(), CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        AssertMatches(Table("summarize", 0), json.RootElement);
    }

    [Fact]
    public async Task Batch_DocumentedFieldsMatchOutput()
    {
        string input = Path.Combine(Dir, "in");
        Write(Path.Combine("in", "minutes.txt"), "The board met on 3 May.");

        CliResult result = await CliRunner.RunAsync(["batch", "--json", input, "--out", Path.Combine(Dir, "out")], Isolated(), CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        AssertMatches(Table("batch", 0), json.RootElement);
        AssertMatches(Table("batch", 1), json.RootElement.GetProperty("counts"));
        AssertMatches(Table("batch", 2), json.RootElement.GetProperty("documents")[0]);
    }

    [Fact]
    public async Task Doctor_DocumentedFieldsMatchOutput()
    {
        CliResult result = await CliRunner.RunAsync(
            ["doctor", "--json", "--base-url", "http://127.0.0.1:9"], Isolated(), CliRunner.DefaultTimeout);

        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        AssertMatches(Table("doctor", 0), json.RootElement);
        AssertMatches(["name", "status", "detail"], json.RootElement.GetProperty("checks")[0]);
    }

    [Fact]
    public void ExitAndCodes_AreDocumented()
    {
        string doc = File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "json.md"));

        foreach (string code in typeof(DocAssist.App.Notices.NoticeCodes).GetFields().Select(f => (string)f.GetValue(null)!)
            .Concat(typeof(DocAssist.Core.Errors.ErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!)))
        {
            Assert.Contains($"| `{code}` |", doc, StringComparison.Ordinal);
        }
    }

    /// <summary>The fields of the <paramref name="index"/>-th table under <c>## <paramref name="section"/></c>: (name, optional).</summary>
    private static List<(string Name, bool Optional)> Table(string section, int index)
    {
        string doc = File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "json.md"));
        int start = doc.IndexOf($"\n## {section}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/json.md has no '## {section}' section.");
        int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string body = end < 0 ? doc[start..] : doc[start..end];
        var fields = new List<(string, bool)>();
        int table = -1;
        bool inTable = false;
        foreach (string line in body.Split('\n'))
        {
            if (line.StartsWith("| Field", StringComparison.Ordinal))
            {
                table++;
                inTable = true;
                continue;
            }

            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            if (inTable && table == index && FieldRegex().Matches(line.Split('|')[1]) is { Count: > 0 } names)
            {
                bool optional = line.Split('|')[2].Contains("optional", StringComparison.Ordinal);
                fields.AddRange(names.Select(m => (m.Groups[1].Value, optional)));
            }
        }

        Assert.NotEmpty(fields);
        return fields;
    }

    private static void AssertMatches(List<(string Name, bool Optional)> documented, JsonElement actual)
    {
        string[] present = [.. actual.EnumerateObject().Select(p => p.Name)];
        Assert.All(documented.Where(f => !f.Optional), f => Assert.Contains(f.Name, present));
        Assert.All(present, p => Assert.Contains(p, documented.Select(f => f.Name)));
    }

    private static void AssertMatches(string[] documented, JsonElement actual) =>
        Assert.Equal(documented, actual.EnumerateObject().Select(p => p.Name));

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex FieldRegex();
}
