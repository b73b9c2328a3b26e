using DocAssist.Testing;

namespace DocAssist.App.Tests;

/// <summary>The README's library snippet is the code in <c>ReadmeSnippet.cs</c> (which compiles with the tests), and it runs.</summary>
public sealed class ReadmeSnippetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("docassist-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Readme_LibrarySnippet_IsTheCompiledOne()
    {
        string readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));
        int start = readme.IndexOf("## As a library", StringComparison.Ordinal);
        int open = readme.IndexOf("```csharp\n", start, StringComparison.Ordinal) + "```csharp\n".Length;
        int close = readme.IndexOf("```", open, StringComparison.Ordinal);
        string[] block = Lines(readme[open..close]);

        string source = File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "DocAssist.App.Tests", "ReadmeSnippet.cs"));
        string[] compiled = [.. Region(source, "// README:usings"), "", .. Region(source, "// README:body")];

        Assert.Equal(compiled, block);
    }

    [Fact]
    public async Task Readme_LibrarySnippet_ReadsAScan()
    {
        File.Copy(TestData.Path("pdfs/gen_scanned.pdf"), Path.Combine(_dir, "scan.pdf"));
        string before = Environment.CurrentDirectory;
        var output = new StringWriter();
        string error;

        // The snippet names "scan.pdf" as a user would; no other test of this assembly depends on the working directory.
        Environment.CurrentDirectory = _dir;
        try
        {
            error = await ReadmeSnippet.RunAsync(output);
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }

        Assert.Equal(string.Empty, error);
        Assert.StartsWith("p.1 [Ocr, ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(File.ReadAllText(TestData.Path("pdfs/gen_scanned.gt.txt")).Split(' ')[0], output.ToString(), StringComparison.Ordinal);
    }

    private static string[] Region(string source, string marker)
    {
        int from = source.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        int to = source.IndexOf("// README:end", from, StringComparison.Ordinal);
        return Lines(source[from..to]);
    }

    private static string[] Lines(string text)
    {
        string[] lines = [.. text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())
            .SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse()];
        int indent = lines.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return [.. lines.Select(l => l.Length >= indent ? l[indent..] : l)];
    }
}
