using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocAssist.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DocAssist.Server.Tests;

/// <summary><c>docassist serve</c> as the real process a user starts: it stops cleanly on SIGTERM, and a SIGKILL loses nothing finished, leaves no
/// worker behind, and the next start on the same <c>--data</c> reads the document that was in flight again.</summary>
/// <remarks>One class, so the two OCR-heavy runs take turns on the cores. Linux only, like DocAssist itself.</remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ServeProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int SigTerm = 15;

    // Pages of the scanned document read one at a time (--jobs 1): long enough to be stopped mid-way, a page done and most to come.
    private const int ScanPages = 10;

    // A hang guard, not a timing: start-up, a stop, a document, on a loaded machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DocumentPatience = TimeSpan.FromMinutes(3);
    private readonly string _data = Directory.CreateTempSubdirectory("docassist-serveproc-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Serve_SigTerm_StopsCleanly()
    {
        string token = WorkspaceServer.NewToken();
        await using var serve = await Serve.StartAsync(_data, token, "--jobs", "1");
        Assert.Equal(token, serve.Token);
        using HttpResponseMessage list = await serve.Http.GetAsync("api/documents");
        Assert.True(list.StatusCode == HttpStatusCode.OK, serve.Describe());
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
        // Stopped while a worker reads a document, with an event stream open, as the web page keeps one.
        using Events events = await serve.EventsAsync();
        string id = await serve.UploadAsync("scans.pdf", TestPdfs.ScannedLetter(ScanPages));
        await events.WaitForAsync(PageDone(id));
        Proc[] workers = serve.Workers();
        Assert.True(workers.Length > 0, "no worker process is reading the document; " + serve.Describe());

        var clock = Stopwatch.StartNew();
        serve.Signal(SigTerm);

        int exitCode = await serve.ExitCodeAsync(Patience);
        output.WriteLine($"stopped {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        Assert.True(exitCode == 0, $"exit code {exitCode}; {serve.Describe()}");
        Assert.Contains("docassist: stopping.", serve.Stderr, StringComparison.Ordinal);
        await AssertGoneAsync(workers, serve, output);
        // The library was closed, not dropped: its write-ahead log was checkpointed and removed; the document is left for the next start.
        string database = Path.Combine(_data, Library.FileName);
        Assert.False(File.Exists(database + "-wal"), "library.sqlite-wal is still there");
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal("processing", Scalar(db, $"SELECT status FROM documents WHERE id = '{id}'"));
    }

    [Fact]
    public async Task Serve_SigKill_KeepsFinishedWork_AndResumesInFlight()
    {
        string token = WorkspaceServer.NewToken();
        string finished, inFlight, pageBefore;
        await using (var first = await Serve.StartAsync(_data, token, "--jobs", "1"))
        {
            finished = await first.UploadAsync("report.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_born_digital.pdf")));
            JsonElement done = await first.WaitAsync(finished);
            Assert.True(done.GetProperty("status").GetString() == "done", first.Describe());
            pageBefore = await first.Http.GetStringAsync($"api/documents/{finished}/pages/1");

            using Events events = await first.EventsAsync();
            inFlight = await first.UploadAsync("scans.pdf", TestPdfs.ScannedLetter(ScanPages));
            // Killed with a page of it read and most still to come.
            await events.WaitForAsync(PageDone(inFlight));
            Proc[] workers = first.Workers();
            Assert.True(workers.Length > 0, "no worker process is reading the document; " + first.Describe());

            first.Kill();
            await first.ExitCodeAsync(Patience);
            // Workers do not outlive the server: their stdin closed, they stop reading a document nobody will collect (WorkerHostTests
            // pins that down; here it is a hang guard).
            await AssertGoneAsync(workers, first, output);
        }

        using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data, Library.FileName), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            db.Open();
            Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
            Assert.Equal("done", Scalar(db, $"SELECT status FROM documents WHERE id = '{finished}'"));
            // It really was cut off mid-way, not finished just before the kill.
            Assert.Equal("processing", Scalar(db, $"SELECT status FROM documents WHERE id = '{inFlight}'"));
        }

        await using var second = await Serve.StartAsync(_data, token);
        JsonElement kept = await second.WaitAsync(finished);
        Assert.Equal("done", kept.GetProperty("status").GetString());
        Assert.Equal(3, kept.GetProperty("pages").GetInt32());
        Assert.Equal(pageBefore, await second.Http.GetStringAsync($"api/documents/{finished}/pages/1"));
        JsonElement resumed = await second.WaitAsync(inFlight);
        Assert.True(resumed.GetProperty("status").GetString() == "done", $"{resumed}; {second.Describe()}");
        Assert.Equal(ScanPages, resumed.GetProperty("pages").GetInt32());
        using JsonDocument last = JsonDocument.Parse(await second.Http.GetStringAsync($"api/documents/{inFlight}/pages/{ScanPages}"));
        Assert.Equal("ocr", last.RootElement.GetProperty("source").GetString());
        double cer = TextMetrics.CharacterErrorRate(TestData.GroundTruth("pdfs/gen_scanned.gt.txt").Split("\n\f\n")[0], last.RootElement.GetProperty("text").GetString()!);
        Assert.True(cer < 0.10, $"CER {cer:P1}");
        using JsonDocument all = JsonDocument.Parse(await second.Http.GetStringAsync("api/documents"));
        Assert.Equal(
            new[] { finished, inFlight }.Order(StringComparer.Ordinal),
            all.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(all.RootElement.EnumerateArray(), d => Assert.Equal("done", d.GetProperty("status").GetString()));
    }

    private static Func<JsonElement, bool> PageDone(string id) => e => e.GetProperty("document").GetString() == id
        && e.GetProperty("status").GetString() == "processing"
        && e.TryGetProperty("pagesDone", out JsonElement pages) && pages.ValueKind == JsonValueKind.Number && pages.GetInt32() >= 1;

    private static string? Scalar(SqliteConnection db, string sql)
    {
        using SqliteCommand command = db.CreateCommand();
#pragma warning disable CA2100 // The test's own SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command.ExecuteScalar() as string;
    }

    private static async Task AssertGoneAsync(Proc[] processes, Serve serve, ITestOutputHelper output)
    {
        var clock = Stopwatch.StartNew();
        while (processes.Any(p => p.IsRunning) && clock.Elapsed < Patience)
        {
            await Task.Delay(100);
        }

        output.WriteLine($"{processes.Length} worker(s); {clock.Elapsed.TotalSeconds:0.0} s until none was left");
        Proc[] left = [.. processes.Where(p => p.IsRunning)];
        foreach (Proc p in left)
        {
            p.Kill();
        }

        Assert.True(left.Length == 0, $"worker(s) {string.Join(", ", left.Select(p => p.Pid))} still running {clock.Elapsed.TotalSeconds:0} s after the server ended; {serve.Describe()}");
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>A process seen under /proc, told apart from a later one with the same id by its start time.</summary>
    private sealed record Proc(int Pid, string StartTime)
    {
        public bool IsRunning => Stat(Pid) is { } stat && stat.StartTime == StartTime && stat.State != "Z";

        public static (string State, int Parent, string StartTime)? Stat(int pid)
        {
            try
            {
                // pid (comm) state ppid ... field 22 is the start time; comm may hold spaces and parentheses.
                string text = File.ReadAllText($"/proc/{pid}/stat");
                string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                return (fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), fields[19]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static Proc[] ChildrenOf(int parent)
        {
            var found = new List<Proc>();
            foreach (string dir in Directory.GetDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out int pid) && Stat(pid) is { } stat && stat.Parent == parent && stat.State != "Z")
                {
                    found.Add(new Proc(pid, stat.StartTime));
                }
            }

            return [.. found];
        }

        public void Kill()
        {
            if (IsRunning)
            {
                _ = SendSignal(Pid, 9);
            }
        }
    }

    /// <summary>A <c>docassist serve</c> child process, its URL and token, an HTTP client bearing the token, and what it printed on stderr.</summary>
    private sealed partial class Serve : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();
        private readonly Task _stderrDone;
        private readonly List<Proc> _workers = [];

        private Serve(Process process)
        {
            _process = process;
            _stderrDone = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    lock (_stderr)
                    {
                        _stderr.AppendLine(line);
                    }
                }
            });
        }

        public HttpClient Http { get; private set; } = null!;

        public string Token { get; private set; } = string.Empty;

        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        public static async Task<Serve> StartAsync(string data, string token, params string[] extra)
        {
            var serve = new Serve(ChildProcess.Start(
                "docassist.dll",
                ["serve", "--port", "0", "--data", data, .. extra],
                new Dictionary<string, string?> { ["DOCASSIST_SERVE_TOKEN"] = token }));
            try
            {
                using var timeout = new CancellationTokenSource(Patience);
                string? line = await serve._process.StandardOutput.ReadLineAsync(timeout.Token);
                Match url = line is null ? Match.Empty : UrlLine().Match(line);
                Assert.True(url.Success, $"no URL line but '{line}'; {serve.Describe()}");
                serve.Token = Uri.UnescapeDataString(url.Groups["token"].Value);
                serve.Http = new HttpClient { BaseAddress = new Uri(url.Groups["url"].Value), Timeout = DocumentPatience };
                serve.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", serve.Token);
                // Nothing more is expected on stdout; drained so the pipe never fills.
                _ = serve._process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return serve;
            }
            catch
            {
                await serve.DisposeAsync();
                throw;
            }
        }

        /// <summary>Describes the process for an assertion message: running or its exit code, and its stderr.</summary>
        public string Describe() => (_process.HasExited ? $"serve exited with {_process.ExitCode}" : "serve running") + "; its stderr:\n" + Stderr;

        public async Task<string> UploadAsync(string name, byte[] bytes)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            using HttpResponseMessage response = await Http.PostAsync("api/documents", form);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}; {Describe()}");
            using JsonDocument added = JsonDocument.Parse(body);
            return added.RootElement.GetProperty("id").GetString()!;
        }

        public async Task<JsonElement> WaitAsync(string id)
        {
            using var timeout = new CancellationTokenSource(DocumentPatience);
            try
            {
                while (true)
                {
                    using JsonDocument doc = JsonDocument.Parse(await Http.GetStringAsync($"api/documents/{id}", timeout.Token));
                    if (doc.RootElement.GetProperty("status").GetString() is "done" or "failed")
                    {
                        return doc.RootElement.Clone();
                    }

                    await Task.Delay(100, timeout.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                Assert.Fail($"document {id}: {ex.Message}; {Describe()}");
                throw;
            }
        }

        public async Task<Events> EventsAsync()
        {
            HttpResponseMessage response = await Http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new Events(response, new StreamReader(await response.Content.ReadAsStreamAsync()), this);
        }

        /// <summary>Gets the server's worker processes now (and remembers them, to be sure they end with the test).</summary>
        public Proc[] Workers()
        {
            Proc[] now = Proc.ChildrenOf(_process.Id);
            _workers.AddRange(now);
            return now;
        }

        public void Signal(int signal)
        {
            _ = Workers();
            Assert.Equal(0, SendSignal(_process.Id, signal));
        }

        /// <summary>SIGKILL to the server alone, as the OOM killer or <c>kill -9</c> does: no handler runs, its workers are left to notice.</summary>
        public void Kill()
        {
            _ = Workers();
            _process.Kill(entireProcessTree: false);
        }

        public async Task<int> ExitCodeAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"serve did not exit within {within.TotalSeconds:0} s; {Describe()}");
            }

            await _stderrDone.WaitAsync(within);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            if (!_process.HasExited)
            {
                _ = Workers();
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            foreach (Proc worker in _workers)
            {
                worker.Kill();
            }

            _process.Dispose();
        }

        [GeneratedRegex(@"^docassist serve: (?<url>http://127\.0\.0\.1:\d+/)\?token=(?<token>\S+)$")]
        private static partial Regex UrlLine();
    }

    /// <summary>An open <c>GET /api/events</c> stream.</summary>
    private sealed class Events(HttpResponseMessage response, StreamReader reader, Serve serve) : IDisposable
    {
        public async Task WaitForAsync(Func<JsonElement, bool> wanted)
        {
            using var timeout = new CancellationTokenSource(DocumentPatience);
            var seen = new List<string>();
            try
            {
                while (await reader.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        seen.Add(line);
                        using JsonDocument e = JsonDocument.Parse(line["data: ".Length..]);
                        if (wanted(e.RootElement))
                        {
                            return;
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Reported below.
            }

            Assert.Fail($"the event did not come; events seen:\n{string.Join('\n', seen)}\n{serve.Describe()}");
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
