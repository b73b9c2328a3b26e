using System.Globalization;

namespace DocAssist.Bench;

/// <summary>Everything a suite needs: where things are, how big the run is, and the report it adds to.</summary>
internal sealed class BenchContext
{
    public required string RepoRoot { get; init; }

    public required string Testdata { get; init; }

    /// <summary>The docassist program: an executable, or a <c>.dll</c> run with <c>dotnet</c>.</summary>
    public required string Cli { get; init; }

    public required string Work { get; init; }

    public required bool Smoke { get; init; }

    public required int Jobs { get; init; }

    public required int Repeat { get; init; }

    public required Report Report { get; init; }

    public string Tessdata => Path.Combine(RepoRoot, "tessdata");

    /// <summary>
    /// The repository's language data plus the system's tesseract <c>configs/</c> (ocrmypdf asks tesseract for the <c>pdf</c> and
    /// <c>txt</c> configs, which live beside the language data): a scratch folder of links, read through <c>TESSDATA_PREFIX</c>.
    /// </summary>
    public string OcrmypdfTessdata()
    {
        string dir = Scratch("tessdata-ocrmypdf");
        foreach (string file in Directory.GetFiles(Tessdata).Where(f => f.EndsWith(".traineddata", StringComparison.Ordinal) || f.EndsWith(".ttf", StringComparison.Ordinal)))
        {
            string link = Path.Combine(dir, Path.GetFileName(file));
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, file);
            }
        }

        string configs = Path.Combine(dir, "configs");
        string? system = Directory.Exists("/usr/share/tesseract-ocr")
            ? Directory.GetDirectories("/usr/share/tesseract-ocr").Select(d => Path.Combine(d, "tessdata", "configs")).FirstOrDefault(Directory.Exists)
            : null;
        if (system is not null && !Directory.Exists(configs))
        {
            Directory.CreateSymbolicLink(configs, system);
        }

        return dir;
    }

    public string JobsText => Jobs.ToString(CultureInfo.InvariantCulture);

    /// <summary>Environment for the tools under test: no inherited thread limit unless a configuration sets one.</summary>
    public static Dictionary<string, string?> CleanEnvironment() => new() { ["OMP_THREAD_LIMIT"] = null, ["DOCASSIST_TESSDATA"] = null };

    public (string File, List<string> Args) DocAssist(params string[] args)
    {
        if (Cli.EndsWith(".dll", StringComparison.Ordinal))
        {
            return ("dotnet", [Cli, .. args]);
        }

        return (Cli, [.. args]);
    }

    public Task<ProcessOutput> RunDocAssistAsync(IEnumerable<string> args, string? stdoutFile = null, bool check = true)
    {
        (string file, List<string> all) = DocAssist([.. args]);
        return ProcessMeter.RunAsync(file, all, CleanEnvironment(), stdoutFile, check);
    }

    public string Scratch(string name)
    {
        string dir = Path.Combine(Work, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Runs a measurement <see cref="Repeat"/> times and keeps the fastest (the least disturbed by other work on a shared machine).</summary>
    public async Task<(Cost Cost, T Result)> BestOfAsync<T>(Func<Task<T>> work, bool includeSelf = false)
    {
        Cost? best = null;
        T result = default!;
        for (int i = 0; i < Math.Max(1, Repeat); i++)
        {
            T r = default!;
            Cost cost = await ProcessMeter.MeasureAsync(async () => r = await work(), includeSelf);
            if (best is null || cost.Seconds < best.Seconds)
            {
                best = cost with { PeakRssBytes = Math.Max(cost.PeakRssBytes, best?.PeakRssBytes ?? 0) };
                result = r;
            }
            else
            {
                best = best with { PeakRssBytes = Math.Max(cost.PeakRssBytes, best.PeakRssBytes) };
            }
        }

        return (best!, result);
    }
}
