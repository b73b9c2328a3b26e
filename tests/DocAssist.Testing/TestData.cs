namespace DocAssist.Testing;

/// <summary>Finds the repository root and the files under <c>testdata/</c> and <c>tessdata/</c>.</summary>
public static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string Tessdata => System.IO.Path.Combine(RepoRoot, "tessdata");

    /// <summary>Returns the full path of a file under <c>testdata/</c>, failing loudly when it is missing.</summary>
    public static string Path(string relative)
    {
        string full = System.IO.Path.Combine(RepoRoot, "testdata", relative);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"Test input testdata/{relative} is missing from the repository.", full);
        }

        return full;
    }

    /// <summary>Reads a ground-truth file next to an input (<c>name.gt.txt</c>).</summary>
    public static string GroundTruth(string relative) => File.ReadAllText(Path(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DocAssist.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (DocAssist.sln) above " + AppContext.BaseDirectory);
    }
}
