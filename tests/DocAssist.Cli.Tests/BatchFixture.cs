using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>Builds input folders for batch tests and reads what a batch left behind.</summary>
internal static partial class BatchFixture
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Gets a value indicating whether the tests run as root, for whom file permissions do not stop reading.</summary>
    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Copies a test input into a folder, creating it.</summary>
    public static string Copy(string testData, string dir, string? name = null)
    {
        Directory.CreateDirectory(dir);
        string target = Path.Combine(dir, name ?? Path.GetFileName(testData));
        File.Copy(TestData.Path(testData), target);
        return target;
    }

    /// <summary>Writes a damaged PDF (a real scan cut off after 2000 bytes) into a folder, creating it.</summary>
    public static void WriteDamagedPdf(string dir, string name)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf"))[..2000]);
    }

    /// <summary>Runs the CLI with a plain progress line every half second.</summary>
    public static Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--progress-interval", "0.5"], null, RunTimeout);

    /// <summary>Starts the CLI as a child process without waiting for it.</summary>
    public static Process Start(params string[] args) => CliRunner.Start(args);

    /// <summary>Sends a signal to a process.</summary>
    public static void Signal(Process process, int signal) => Assert.Equal(0, Kill(process.Id, signal));

    /// <summary>Reads report.json (or a shard's report).</summary>
    public static JsonDocument Report(string outDir, string name = "report.json") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, name)));

    /// <summary>Lists every file under a folder (relative, '/'-separated), leaving out the state folder.</summary>
    public static SortedSet<string> Files(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith(".docassist/", StringComparison.Ordinal)),
        StringComparer.Ordinal);

    /// <summary>Lists temp files and folders anywhere under a folder.</summary>
    public static string[] Temps(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(f => f.Contains(".tmp", StringComparison.Ordinal))];

    /// <summary>Reads the manifest journal: the last record per path.</summary>
    public static Dictionary<string, JsonElement> Manifest(string outDir, string name = "manifest.jsonl")
    {
        var records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (string line in Directory.GetFiles(Path.Combine(outDir, ".docassist"), name).Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).Where(l => l.Length > 0))
        {
            JsonElement record = JsonDocument.Parse(line).RootElement.Clone();
            records[record.GetProperty("path").GetString()!] = record;
        }

        return records;
    }

    /// <summary>Checks that the manifest and the disk agree: every output a done record names exists, every output on disk is named by one.</summary>
    public static void AssertManifestMatchesDisk(string outDir, IEnumerable<string> reports, string manifest = "manifest.jsonl")
    {
        Dictionary<string, JsonElement> records = Manifest(outDir, manifest);
        var claimed = new SortedSet<string>(
            records.Values.Where(r => r.GetProperty("status").GetString() == "done")
                .SelectMany(r => r.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()!)),
            StringComparer.Ordinal);
        SortedSet<string> onDisk = Files(outDir);
        onDisk.ExceptWith(reports);
        Assert.Equal(claimed, onDisk);
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
