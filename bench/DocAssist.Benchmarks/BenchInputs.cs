namespace DocAssist.Benchmarks;

/// <summary>Finds the shared test data the benchmarks read.</summary>
public static class BenchInputs
{
    public static string Testdata { get; } = Find();

    public static string Ocr(string file) => Path.Combine(Testdata, "ocr", file);

    public static string Pdf(string file) => Path.Combine(Testdata, "pdf", file);

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOCASSIST_BENCH_TESTDATA") is { Length: > 0 } given)
        {
            return given;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocAssist.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
            }
        }

        throw new InvalidOperationException("Set DOCASSIST_BENCH_TESTDATA to the shared test data folder.");
    }
}
