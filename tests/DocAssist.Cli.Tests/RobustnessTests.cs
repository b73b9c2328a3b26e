using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DocAssist.Testing;
using Xunit.Abstractions;

namespace DocAssist.Cli.Tests;

/// <summary>
/// Every hostile input gets a result or one clear error (file, reason), the documented exit code, no stack trace and no hang.
/// The suite writes what each case did into docs/robustness.md and fails when the committed file is out of date
/// (run with DOCASSIST_UPDATE_DOCS=1 to rewrite it).
/// </summary>
public sealed partial class RobustnessTests(ITestOutputHelper output) : IDisposable
{
    // A hang guard, not a speed test: 1000-pages.tif takes about 20 s alone and over a minute beside other test projects on 2 cores.
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(600);
    private readonly string _scratch = Directory.CreateTempSubdirectory("docassist-robust-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Extract_EveryHostileInput_GetsResultOrOneClearError()
    {
        List<(string Name, string What, string Path)> cases = [.. await MakeCasesAsync()];

        // Each case is its own `docassist extract` call with its own worker; two at a time, rows in case order.
        var results = new CliResult[cases.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var clock = Stopwatch.StartNew();
            results[i] = await CliRunner.RunAsync(["extract", "--json", cases[i].Path], null, CaseBound);
            output.WriteLine($"{cases[i].Name}: exit {results[i].ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
        });

        var rows = new StringBuilder();
        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            (string name, string what, string path) = cases[i];
            string outcome = Describe(results[i], path, name, failures);
            rows.Append(CultureInfo.InvariantCulture, $"| `{name}` | {what} | {results[i].ExitCode} | {outcome} |\n");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        string doc = Header + rows;
        string docPath = Path.Combine(TestData.RepoRoot, "docs", "robustness.md");
        if (Environment.GetEnvironmentVariable("DOCASSIST_UPDATE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(docPath, doc);
        }

        Assert.True(
            File.Exists(docPath) && await File.ReadAllTextAsync(docPath) == doc,
            "docs/robustness.md is out of date; rerun this test with DOCASSIST_UPDATE_DOCS=1 and commit the result.\n" + doc);
    }

    private const string Header = """
        # Robustness: what each hostile input gets

        Written by `RobustnessTests.Extract_EveryHostileInput_GetsResultOrOneClearError` (tests/DocAssist.Cli.Tests),
        which fails when this file no longer matches what `docassist extract --json FILE` does. Regenerate with
        `DOCASSIST_UPDATE_DOCS=1 ./run-tests --filter FullyQualifiedName~RobustnessTests`.

        Every case runs as its own `docassist extract` call (two at a time), bounded at 600 s. The suite asserts for each: exit code 0 with
        pages, or exit code 1 with exactly one `docassist:` line on stderr naming the file; never a stack trace, never
        another exit code, never a hang. PDFs and images are parsed in a supervised worker process, so a file that kills
        its parser (stack overflow, native fault) costs only itself.

        Fuzzing: `PdfFuzzTests` (PDF decoder) and `ImageFuzzTests` (frame listing and pixel decoding through Magick and
        Leptonica) feed damaged versions of real files (flipped bytes, truncation, repeated ranges, parser tokens, random
        overwrites; `tests/DocAssist.Testing/Mutator.cs`) and accept only pages or a DocAssist error. CI runs 200 and 300
        cases; `DOCASSIST_FUZZ_SECONDS=600 ./run-tests --filter FullyQualifiedName~Fuzz` runs longer by hand. A 90-second run
        of each on 2026-11-24 found nothing.

        | case | what it is | exit | outcome |
        | --- | --- | --- | --- |

        """;

    private static string Describe(CliResult result, string path, string name, List<string> failures)
    {
        if (result.Stderr.Contains("   at ", StringComparison.Ordinal))
        {
            failures.Add($"{name}: stack trace on stderr\n{result}");
        }

        string[] errors = [.. result.Stderr.Split('\n').Where(l => l.StartsWith("docassist: ", StringComparison.Ordinal)
            && !l.StartsWith("docassist: warning:", StringComparison.Ordinal))];
        if (result.ExitCode == 1)
        {
            if (errors.Length != 1 || !errors[0].Contains(path, StringComparison.Ordinal))
            {
                failures.Add($"{name}: expected one error line naming the file\n{result}");
            }

            return "error: " + errors.FirstOrDefault()?["docassist: ".Length..].Replace(path, name, StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
        }

        if (result.ExitCode != 0)
        {
            failures.Add($"{name}: exit code {result.ExitCode}\n{result}");
            return $"exit {result.ExitCode}";
        }

        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement document = json.RootElement.GetProperty("documents").EnumerateArray().Single();
        JsonElement[] pages = [.. document.GetProperty("pages").EnumerateArray()];
        var sources = pages.GroupBy(p => p.GetProperty("source").GetString()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        int warnings = document.GetProperty("warnings").GetArrayLength();
        return $"ok: {pages.Length} page(s) ({string.Join(", ", sources)}){(warnings > 0 ? $", {warnings} page warning(s)" : string.Empty)}";
    }

    private async Task<IEnumerable<(string Name, string What, string Path)>> MakeCasesAsync()
    {
        var cases = new List<(string, string, string)>();
        string Scratch(string name) => Path.Combine(_scratch, name);

        foreach (string file in Directory.GetFiles(Path.Combine(TestData.RepoRoot, "testdata", "robustness"), "*.pdf").Order(StringComparer.Ordinal))
        {
            cases.Add((Path.GetFileName(file), "real broken or encrypted PDF (see testdata/robustness/LICENSES.md)", file));
        }

        foreach (string file in new[] { "pdfjs_bug1020226.pdf", "pdfjs_issue9105_other.pdf", "pdfpig_Hang.pdf", "pdfpig_encrypted-password-is-password.pdf" })
        {
            cases.Add((file, "real broken or encrypted PDF (see testdata/pdfs/LICENSES.md)", TestData.Path("pdfs/" + file)));
        }

        await File.WriteAllBytesAsync(Scratch("zero-bytes.pdf"), []);
        cases.Add(("zero-bytes.pdf", "empty file", Scratch("zero-bytes.pdf")));

        byte[] good = await File.ReadAllBytesAsync(TestData.Path("pdfs/gen_born_digital.pdf"));
        await File.WriteAllBytesAsync(Scratch("truncated.pdf"), good[..(good.Length * 2 / 5)]);
        cases.Add(("truncated.pdf", "the first 40% of a good PDF", Scratch("truncated.pdf")));

        byte[] image = await File.ReadAllBytesAsync(TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.jpg"));
        await File.WriteAllBytesAsync(Scratch("truncated.jpg"), image[..(image.Length / 3)]);
        cases.Add(("truncated.jpg", "the first third of a scanned JPEG", Scratch("truncated.jpg")));

        var random = new Random(20261124);
        byte[] noise = new byte[64 * 1024];
        random.NextBytes(noise);
        await File.WriteAllBytesAsync(Scratch("noise-behind-header.pdf"), [.. "%PDF-1.7\n"u8, .. noise]);
        cases.Add(("noise-behind-header.pdf", "64 KiB of random bytes behind a PDF header", Scratch("noise-behind-header.pdf")));

        await File.WriteAllBytesAsync(Scratch("noise.bin"), noise);
        cases.Add(("noise.bin", "64 KiB of random bytes", Scratch("noise.bin")));

        await File.WriteAllBytesAsync(Scratch("huge.png"), HostileImages.PngDeclaring(100_000, 100_000));
        cases.Add(("huge.png", "a PNG declaring 100000 × 100000 pixels", Scratch("huge.png")));

        await File.WriteAllBytesAsync(Scratch("1000-pages.tif"), HostileImages.BlankTiff(1000));
        cases.Add(("1000-pages.tif", "a TIFF of 1000 blank pages", Scratch("1000-pages.tif")));

        await File.WriteAllBytesAsync(Scratch("page-tree-loop.pdf"), HostilePdfs.LoopingPageTree());
        cases.Add(("page-tree-loop.pdf", "a page tree that lists itself as its own kid", Scratch("page-tree-loop.pdf")));

        await File.WriteAllBytesAsync(Scratch("deep-page-tree.pdf"), HostilePdfs.DeepPageTree(HostilePdfs.StackOverflowDepth));
        string deep = string.Create(CultureInfo.InvariantCulture, $"a page tree {HostilePdfs.StackOverflowDepth:N0} levels deep (overflows the parser's stack)");
        cases.Add(("deep-page-tree.pdf", deep, Scratch("deep-page-tree.pdf")));

        await File.WriteAllBytesAsync(Scratch("10000-empty-pages.pdf"), HostilePdfs.EmptyPages(10_000));
        cases.Add(("10000-empty-pages.pdf", "10,000 empty pages", Scratch("10000-empty-pages.pdf")));

        File.Copy(TestData.Path("pdfs/gen_born_digital.pdf"), Scratch("report.jpg"));
        cases.Add(("report.jpg", "a PDF named .jpg", Scratch("report.jpg")));

        File.Copy(TestData.Path("images/tess_phototest.tif"), Scratch("scan.pdf"));
        cases.Add(("scan.pdf", "a TIFF named .pdf", Scratch("scan.pdf")));

        Assert.Equal(0, MakeFifo(Scratch("named-pipe.pdf"), 0b110_100_100));
        cases.Add(("named-pipe.pdf", "a named pipe (opening it would block forever)", Scratch("named-pipe.pdf")));

        Directory.CreateDirectory(Scratch("folder.pdf"));
        cases.Add(("folder.pdf", "a folder", Scratch("folder.pdf")));

        cases.Add(("missing.pdf", "a file that does not exist", Scratch("missing.pdf")));
        return cases;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);
}
