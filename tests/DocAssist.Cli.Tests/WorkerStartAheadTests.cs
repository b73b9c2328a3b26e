using System.CommandLine;
using System.Diagnostics;
using DocAssist.App.Extraction;
using DocAssist.Core;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>The worker started before the command line is parsed: when it is started, taken, replaced and stopped.</summary>
/// <remarks>Alone in its collection: the worker started ahead is process-wide, and a supervisor in a test running alongside could take it.</remarks>
[Collection(nameof(WorkerStartAheadTests))]
[CollectionDefinition(nameof(WorkerStartAheadTests), DisableParallelization = true)]
public sealed class WorkerStartAheadTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("docassist-ahead-").FullName;

    [Theory]
    [InlineData("extract {file}", true)]
    [InlineData("extract --tessdata {dir} {file}", true)]
    [InlineData("extract --tessdata {dir}", false)]
    [InlineData("extract --json --jobs 2 {file}", true)]
    [InlineData("summarize {file}", true)]
    [InlineData("batch {dir} --out {missing}", true)]
    [InlineData("extract", false)]
    [InlineData("extract {missing}", false)]
    [InlineData("extract {empty}", false)]
    [InlineData("extract {pipe}", false)]
    [InlineData("extract --help {file}", false)]
    [InlineData("extract -h {file}", false)]
    [InlineData("extract --in-process {file}", false)]
    [InlineData("ask {file} what-is-it", false)]
    [InlineData("doctor {file}", false)]
    public void ReadsDocumentsFirst_StartsAWorkerOnlyForCommandsThatParseAGivenFile(string commandLine, bool expected)
    {
        string file = Path.Combine(_dir, "letter.pdf");
        File.Copy(TestData.Path("pdfs/gen_born_digital.pdf"), file);
        string empty = Path.Combine(_dir, "empty.pdf");
        File.WriteAllBytes(empty, []);
        string pipe = Path.Combine(_dir, "pipe.pdf");
        using (Process mkfifo = Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
        }

        string[] args = [.. commandLine.Split(' ').Select(a => a switch
        {
            "{file}" => file,
            "{empty}" => empty,
            "{pipe}" => pipe,
            "{dir}" => _dir,
            "{missing}" => Path.Combine(_dir, "missing"),
            _ => a,
        })];

        Assert.Equal(expected, Program.ReadsDocumentsFirst(args));
    }

    [Theory]
    [InlineData("pdfs/gen_born_digital.pdf", WorkerWarmUp.Pdf)]
    [InlineData("images/tess_phototest.tif", WorkerWarmUp.Ocr)]
    [InlineData("pdfs/gen_born_digital.gt.txt", WorkerWarmUp.None)]
    public void WarmUpFor_WarmsUpWhatTheGivenDocumentsNeed(string relative, WorkerWarmUp expected)
    {
        // Named for what it is not: the first bytes decide, as they do for reading.
        string file = Path.Combine(_dir, "input.bin");
        File.Copy(TestData.Path(relative), file);

        Assert.Equal(expected, Program.WarmUpFor(["extract", "--json", file]));
        Assert.Equal(expected, Program.WarmUpFor(["extract", "--tessdata", _dir, "--lang", "eng", file]));
        Assert.Equal(WorkerWarmUp.Pdf | WorkerWarmUp.Ocr, Program.WarmUpFor(["batch", _dir, "--out", Path.Combine(_dir, "out")]));
    }

    [Fact]
    public void WarmUpOptions_AreReadBackAsTheyWereGiven()
    {
        foreach (WorkerWarmUp warmUp in new[] { WorkerWarmUp.None, WorkerWarmUp.Pdf, WorkerWarmUp.Ocr, WorkerWarmUp.Pdf | WorkerWarmUp.Ocr })
        {
            Assert.Equal(warmUp, WorkerHost.WarmUpOf([WorkerHost.Command, .. WorkerHost.WarmUpOptions(warmUp)]));
        }
    }

    [Fact]
    public void PathOptions_TakeAValueWhereverTheCommandsThatReadDocumentsHaveThem()
    {
        Command[] readers = [.. Program.BuildRoot(CliContext.ForProcess()).Subcommands.Where(c => c.Name is "extract" or "summarize" or "batch")];

        foreach (string name in Program.PathOptions)
        {
            Option[] options = [.. readers.SelectMany(c => c.Options).Where(o => o.Name == name || o.Aliases.Contains(name))];
            Assert.True(options.Length > 0, $"{name} is not an option of extract, summarize or batch");
            Assert.All(options, o => Assert.True(o.Arity.MinimumNumberOfValues >= 1, $"{name} takes no value"));
        }
    }

    [Fact]
    public async Task Open_TakesTheWorkerStartedAhead_WhichAnswers_ThenStartsAnother()
    {
        WorkerConnection.StartAhead(WorkerWarmUp.Pdf | WorkerWarmUp.Ocr, Program.Worker);
        int ahead = WorkerConnection.AheadProcessId!.Value;
        using WorkerConnection first = WorkerConnection.Open(Program.Worker, log: null);
        using WorkerConnection second = WorkerConnection.Open(Program.Worker, log: null);

        WorkerResponse? answer = await SendAsync(first);

        Assert.Equal(ahead, first.ProcessId);
        Assert.NotEqual(ahead, second.ProcessId);
        Assert.Null(WorkerConnection.AheadProcessId);
        Assert.NotNull(answer?.Document);
        Assert.Contains("Harbour", answer.Document.ToDocument().Text, StringComparison.Ordinal);
        Assert.True(second.IsAlive);
    }

    [Fact]
    public async Task Open_WorkerStartedAheadDiedMeanwhile_StartsANewOne()
    {
        WorkerConnection.StartAhead(WorkerWarmUp.Pdf | WorkerWarmUp.Ocr, Program.Worker);
        int ahead = WorkerConnection.AheadProcessId!.Value;
        using (Process process = Process.GetProcessById(ahead))
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Patience);
        }

        using WorkerConnection fresh = WorkerConnection.Open(Program.Worker, log: null);

        Assert.NotEqual(ahead, fresh.ProcessId);
        Assert.True(fresh.IsAlive);
        Assert.NotNull((await SendAsync(fresh))?.Document);
    }

    [Fact]
    public async Task DiscardAhead_StopsTheUnusedWorker()
    {
        WorkerConnection.StartAhead(WorkerWarmUp.Pdf | WorkerWarmUp.Ocr, Program.Worker);
        int ahead = WorkerConnection.AheadProcessId!.Value;

        WorkerConnection.DiscardAhead();

        Assert.Null(WorkerConnection.AheadProcessId);
        Assert.True(await ExitsAsync(ahead), $"worker {ahead} still runs after DiscardAhead");
    }

    [Theory]
    [InlineData("note.txt")]
    [InlineData("letter.pdf")]
    public async Task Cli_ExitsWithoutLeavingAWorkerBehind(string name)
    {
        // A plain-text file is read by the CLI itself, so the worker started ahead goes unused; a PDF goes through it.
        // Workers inherit the CLI's working directory, which is unique to this test.
        string cwd = Directory.CreateDirectory(Path.Combine(_dir, "cwd-" + Path.GetExtension(name)[1..])).FullName;
        string input = Path.Combine(cwd, name);
        if (name.EndsWith(".txt", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(input, "A short note.\n");
        }
        else
        {
            File.Copy(TestData.Path("pdfs/gen_born_digital.pdf"), input);
        }

        CliResult result = await CliRunner.RunChildAsync(["extract", input], null, CliRunner.DefaultTimeout, cwd);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(ProcessesIn(cwd));
    }

    public void Dispose()
    {
        WorkerConnection.DiscardAhead();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<WorkerResponse?> SendAsync(WorkerConnection connection)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await connection.SendAsync(new WorkerRequest(TestData.Path("pdfs/gen_born_digital.pdf"), new ExtractOptions()), timeout.Token);
    }

    private static List<int> ProcessesIn(string directory)
    {
        var found = new List<int>();
        foreach (string proc in Directory.GetDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(proc), out int pid) && new DirectoryInfo(Path.Combine(proc, "cwd")).LinkTarget == directory)
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }

        return found;
    }

    private static async Task<bool> ExitsAsync(int pid)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < Patience; await Task.Delay(50))
        {
            if (!File.Exists($"/proc/{pid}/status") || File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
