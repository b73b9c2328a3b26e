using System.Reflection;
using System.Text.RegularExpressions;
using DocAssist.Testing;

namespace DocAssist.App.Tests;

/// <summary>The dependency rule of <c>docs/architecture.md</c>: hosts → App → Llm, Pdf, Ocr → Core; nothing below a host writes to the console.</summary>
public sealed partial class DependencyRuleTests
{
    public static TheoryData<string, string[]> Layers() => new()
    {
        { "DocAssist.Core", [] },
        { "DocAssist.Ocr", ["DocAssist.Core"] },
        { "DocAssist.Pdf", ["DocAssist.Core"] },
        { "DocAssist.Llm", ["DocAssist.Core"] },
        { "DocAssist.App", ["DocAssist.Core", "DocAssist.Ocr", "DocAssist.Pdf", "DocAssist.Llm"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Project_ReferencesOnlyTheLayersBelowIt(string project, string[] allowed)
    {
        string csproj = File.ReadAllText(Path.Combine(TestData.RepoRoot, "src", project, project + ".csproj"));
        string[] references = [.. ProjectReference().Matches(csproj).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

        Assert.Equal(allowed.Order(StringComparer.Ordinal), references);
        Assert.DoesNotContain(
            Assembly.Load(project).GetReferencedAssemblies(),
            a => a.Name is "docassist" || (a.Name?.StartsWith("DocAssist.", StringComparison.Ordinal) == true && !allowed.Contains(a.Name)));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Sources_BelowTheHosts_NeverTouchTheConsole(string project, string[] allowed)
    {
        _ = allowed;
        string[] offenders = [.. Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && l.Contains("Console.", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(TestData.RepoRoot, f))];

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"<ProjectReference Include=""[^""]*[\\/]([^\\/""]+)\.csproj""")]
    private static partial Regex ProjectReference();
}
