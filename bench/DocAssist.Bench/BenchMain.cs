using System.Globalization;

namespace DocAssist.Bench;

/// <summary>
/// The benchmark harness: docassist against the tools people would otherwise use, on the same machine, inputs and run.
/// Normally started by <c>bench/run.sh</c>, which installs the tools and builds first.
/// </summary>
internal static class BenchMain
{
    private const string Usage = """
        usage: DocAssist.Bench --cli PATH [--smoke] [--testdata DIR] [--work DIR] [--jobs N] [--repeat N]
                               [--only ocr,searchable,born-digital,memory,ask] [--results FILE] [--doc FILE] [--micro DIR] [--command TEXT]
          --cli       the docassist executable (or docassist.dll, run with dotnet)
          --testdata  the shared test data folder (default: ../shared/testdata beside the repository)
          --smoke     a handful of inputs: checks the harness works, in seconds; figures mean nothing
          --repeat    runs of each throughput measurement; the fastest counts (default 1)
          --doc       rewrite the results section of this Markdown file
          --micro     a BenchmarkDotNet artifacts folder whose *-report-github.md tables are added
        """;

    private static readonly string[] AllSuites = ["ocr", "searchable", "born-digital", "memory", "ask"];

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || Option(args, "--cli") is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        string repo = FindRepoRoot();
        bool smoke = args.Contains("--smoke");
        string testdata = Path.GetFullPath(Option(args, "--testdata") ?? Path.Combine(repo, "..", "shared", "testdata"));
        if (!Directory.Exists(Path.Combine(testdata, "ocr")))
        {
            Console.Error.WriteLine($"DocAssist.Bench: no shared test data at {testdata} (expected ocr/, pdf/, qa/); give --testdata DIR.");
            return 2;
        }

        string work = Path.GetFullPath(Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "docassist-bench"));
        Directory.CreateDirectory(work);
        string[] suites = Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? AllSuites;
        var report = new Report();
        var ctx = new BenchContext
        {
            RepoRoot = repo,
            Testdata = testdata,
            Cli = Path.GetFullPath(Option(args, "--cli")!),
            Work = work,
            Smoke = smoke,
            Jobs = int.Parse(Option(args, "--jobs") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            Repeat = int.Parse(Option(args, "--repeat") ?? "1", CultureInfo.InvariantCulture),
            Report = report,
        };

        MachineInfo machine = await MachineInfo.ReadAsync(
        [
            ("tesseract", "tesseract", ["--version"]),
            ("ocrmypdf", "ocrmypdf", ["--version"]),
            ("pdftotext", "pdftotext", ["-v"]),
            ("qpdf", "qpdf", ["--version"]),
        ]);
        ctx.Log($"benchmarks{(smoke ? " (smoke)" : string.Empty)}: {machine.Cores} cores, load {machine.LoadAtStart:0.00}, test data {testdata}, scratch {work}");

        int failed = 0;
        foreach (string suite in suites)
        {
            try
            {
                Task run = suite switch
                {
                    "ocr" => OcrSuite.RunAsync(ctx),
                    "searchable" => SearchablePdfSuite.RunAsync(ctx),
                    "born-digital" => BornDigitalSuite.RunAsync(ctx),
                    "memory" => MemorySuite.RunAsync(ctx),
                    "ask" => AskSuite.RunAsync(ctx),
                    _ => throw new ArgumentException($"unknown suite '{suite}' (known: {string.Join(", ", AllSuites)})"),
                };
                await run;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception or System.Text.Json.JsonException)
            {
                failed++;
                ctx.Log($"{suite}: FAILED: {ex.Message}");
                report.Notes.Add($"suite {suite} failed: {ex.Message}");
            }
        }

        if (Option(args, "--micro") is { } micro && Directory.Exists(micro))
        {
            foreach (string file in Directory.GetFiles(micro, "*-report-github.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file).Replace("-report-github.md", string.Empty, StringComparison.Ordinal);
                report.Extras.Add(($"Micro-benchmarks: {name.Split('.').Last()}", StripEnvironment(File.ReadAllText(file))));
            }
        }

        machine.LoadAtEnd = ProcessMeter.LoadAverage();
        string command = Option(args, "--command") ?? "bench/run.sh" + (smoke ? " --smoke" : string.Empty);
        string results = report.Render(machine, command, smoke);
        Console.WriteLine(results);
        string resultsFile = Option(args, "--results") ?? Path.Combine(work, "results.md");
        await File.WriteAllTextAsync(resultsFile, results);
        if (Option(args, "--doc") is { } doc)
        {
            Report.RewriteSection(doc, results);
            ctx.Log($"rewrote the results section of {doc}");
        }

        return failed == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocAssist.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (DocAssist.sln) above " + AppContext.BaseDirectory);
    }

    // BenchmarkDotNet's report starts with a code block describing the machine; the results section already says that.
    private static string StripEnvironment(string markdown)
    {
        int fence = markdown.IndexOf("```", StringComparison.Ordinal);
        int close = fence < 0 ? -1 : markdown.IndexOf("```", fence + 3, StringComparison.Ordinal);
        return close < 0 ? markdown : markdown[(close + 3)..].Trim();
    }
}
