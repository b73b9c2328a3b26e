using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocAssist.Cli;
using DocAssist.Core;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Server;
using DocAssist.Testing;
using Xunit.Abstractions;

namespace DocAssist.Server.Tests;

/// <summary>The Mistral-compatible OCR API (<c>/v1/ocr</c>, <c>/v1/files</c>) driven by Mistral's own TypeScript client, unmodified, as an
/// application would use it: only the server URL and the key change. The client checks every response against its schema (a mismatch
/// fails its call), so a clean run is the schema check; these tests then check what came back against ground truth.</summary>
/// <remarks>The client runs in Node (compat/mistral-client.mjs); <c>./run-tests</c> installs Debian's <c>nodejs</c> and <c>npm</c> where
/// they are missing, and the client itself is installed here by <c>npm ci</c> from compat/package-lock.json, once per lock file.</remarks>
public sealed class MistralClientCompatTests : IClassFixture<MistralClientCompatTests.Run>
{
    private const double MaxCer = 0.10;
    private readonly Run _run;
    private readonly ITestOutputHelper _output;

    public MistralClientCompatTests(Run run, ITestOutputHelper output)
    {
        _run = run;
        _output = output;
        output.WriteLine(run.Timings);
    }

    private static string[] PdfTruth => TestData.GroundTruth("pdfs/gen_scanned.gt.txt").Split("\n\f\n");

    [Fact]
    public void EveryCall_TheOfficialClientAcceptsTheResponse_OrGetsTheExpectedError()
    {
        // A ResponseValidationError here names the field, what the client's schema expected and what it got.
        Assert.True(
            _run.ExitCode == 0 && _run.Result.GetProperty("unexpected").GetArrayLength() == 0,
            $"node exited {_run.ExitCode}; unexpected: {Unexpected()}\nstderr: {_run.Stderr}");
    }

    [Fact]
    public void ScannedPdf_ByDataUrl_PagesAsMarkdown_WithWordConfidences()
    {
        JsonElement ocr = Step("scannedPdf");
        JsonElement[] pages = [.. ocr.GetProperty("pages").EnumerateArray()];

        Assert.Equal(PdfTruth.Length, pages.Length);
        Assert.Equal(pages.Length, ocr.GetProperty("pagesProcessed").GetInt32());
        Assert.Equal("mistral-ocr-latest", ocr.GetProperty("model").GetString());
        for (int i = 0; i < pages.Length; i++)
        {
            Assert.Equal(i, pages[i].GetProperty("index").GetInt32());
            string markdown = pages[i].GetProperty("markdown").GetString()!;
            double cer = TextMetrics.CharacterErrorRate(PdfTruth[i], markdown);
            _output.WriteLine($"page {i}: CER {cer:P1}");
            Assert.True(cer < MaxCer, $"page {i}: CER {cer:P1}\n{markdown}");
            Assert.True(pages[i].GetProperty("dimensions").GetProperty("width").GetInt32() > 0);

            JsonElement confidence = pages[i].GetProperty("confidence");
            Assert.Equal(JsonValueKind.Object, confidence.ValueKind);
            double average = confidence.GetProperty("average").GetDouble(), minimum = confidence.GetProperty("minimum").GetDouble();
            Assert.InRange(average, 0, 1);
            Assert.InRange(minimum, 0, average);
            JsonElement[] words = [.. confidence.GetProperty("words").EnumerateArray()];
            Assert.NotEmpty(words);
            Assert.All(words, w => Assert.InRange(w.GetProperty("confidence").GetDouble(), 0, 1));
            Assert.True(words.Min(w => w.GetProperty("confidence").GetDouble()) >= minimum - 1e-4, "a word below the page's minimum");
            // Each word's start_index is where the word stands in the page's Markdown.
            Assert.All(words, w =>
            {
                string text = w.GetProperty("text").GetString()!;
                int start = w.GetProperty("start").GetInt32();
                Assert.True(start >= 0 && start + text.Length <= markdown.Length && markdown.AsSpan(start, text.Length).SequenceEqual(text), $"'{text}' at {start}");
            });
        }

        JsonElement size = ocr.GetProperty("docSizeBytes");
        if (size.ValueKind != JsonValueKind.Null)
        {
            Assert.Equal(new FileInfo(TestData.Path("pdfs/gen_scanned.pdf")).Length, size.GetInt64());
        }
    }

    [Fact]
    public void Image_ByDataUrl_OnePage_WithAPageConfidence()
    {
        JsonElement ocr = Step("image");
        JsonElement page = Assert.Single(ocr.GetProperty("pages").EnumerateArray());

        Assert.Equal(0, page.GetProperty("index").GetInt32());
        Assert.Equal(1, ocr.GetProperty("pagesProcessed").GetInt32());
        string markdown = page.GetProperty("markdown").GetString()!;
        double cer = TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/ehri_EHRI-BF-19380509b_EN_01.gt.txt"), markdown);
        _output.WriteLine($"image: CER {cer:P1}");
        Assert.True(cer < MaxCer, $"CER {cer:P1}\n{markdown}");
        JsonElement confidence = page.GetProperty("confidence");
        Assert.InRange(confidence.GetProperty("average").GetDouble(), 0, 1);
        Assert.InRange(confidence.GetProperty("minimum").GetDouble(), 0, confidence.GetProperty("average").GetDouble());
        Assert.Equal(JsonValueKind.Null, confidence.GetProperty("words").ValueKind);
    }

    [Fact]
    public void Pages_Zero_IsTheFirstPageOnly_WithItsHeaderApart()
    {
        JsonElement ocr = Step("firstPage");
        JsonElement page = Assert.Single(ocr.GetProperty("pages").EnumerateArray());

        Assert.Equal(0, page.GetProperty("index").GetInt32());
        Assert.Equal(1, ocr.GetProperty("pagesProcessed").GetInt32());
        // Not asked for: no confidences.
        Assert.Equal(JsonValueKind.Null, page.GetProperty("confidence").ValueKind);
        string header = page.GetProperty("header").GetString() ?? string.Empty;
        string markdown = page.GetProperty("markdown").GetString()!;
        double cer = TextMetrics.CharacterErrorRate(PdfTruth[0], header + "\n" + markdown);
        Assert.True(cer < MaxCer, $"CER {cer:P1}\nheader: {header}\n{markdown}");
        if (header.Length > 0)
        {
            Assert.DoesNotContain(header.Trim(), markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TextLayerPdf_ItsOwnText_NoConfidencesEvenWhenAsked()
    {
        string[] truth = TestData.GroundTruth("pdfs/gen_born_digital.gt.txt").Split("\n\f\n");
        JsonElement ocr = Step("textLayerPdf");
        JsonElement[] pages = [.. ocr.GetProperty("pages").EnumerateArray()];

        Assert.Equal(truth.Length, pages.Length);
        for (int i = 0; i < pages.Length; i++)
        {
            Assert.Equal(i, pages[i].GetProperty("index").GetInt32());
            string text = pages[i].GetProperty("markdown").GetString() + "\n" + (pages[i].GetProperty("footer").GetString() ?? string.Empty);
            double cer = TextMetrics.CharacterErrorRate(truth[i], text);
            Assert.True(cer < 0.02, $"page {i}: CER {cer:P1}\n{text}");
            Assert.Equal(JsonValueKind.Null, pages[i].GetProperty("confidence").ValueKind);
        }
    }

    [Fact]
    public void UploadFlow_SignedUrlAndFileId_ThenDeleted()
    {
        JsonElement uploaded = Step("upload");
        Assert.Equal("ocr", uploaded.GetProperty("purpose").GetString());
        Assert.Equal("gen_scanned.pdf", uploaded.GetProperty("filename").GetString());
        Assert.Equal(new FileInfo(TestData.Path("pdfs/gen_scanned.pdf")).Length, uploaded.GetProperty("bytes").GetInt64());

        // The signed URL is served by the server itself.
        var url = new Uri(Step("signedUrl").GetProperty("url").GetString()!);
        Assert.Equal(_run.ServerUrl.Authority, url.Authority);
        Assert.Equal($"/v1/files/{uploaded.GetProperty("id").GetString()}/content", url.AbsolutePath);

        string[] byUrl = Markdown(Step("bySignedUrl"));
        Assert.Equal(Markdown(Step("scannedPdf")), byUrl);
        JsonElement byId = Step("byFileId");
        Assert.Equal(0, Assert.Single(byId.GetProperty("pages").EnumerateArray()).GetProperty("index").GetInt32());
        Assert.Equal(byUrl[0], Markdown(byId)[0]);

        JsonElement retrieved = Step("retrieve");
        Assert.Equal(uploaded.GetProperty("id").GetString(), retrieved.GetProperty("id").GetString());
        Assert.False(retrieved.GetProperty("deleted").GetBoolean());
        Assert.True(Step("download").GetProperty("same").GetBoolean(), "files.download gave other bytes than those uploaded");
        Assert.True(Step("delete").GetProperty("deleted").GetBoolean());
        Assert.Equal(404, Refusal("retrieveDeleted").Status);
        Assert.Equal(404, Refusal("ocrDeleted").Status);
    }

    [Fact]
    public void ForeignDocumentUrl_RefusedByThePolicy_WithoutAnyConnection()
    {
        (int status, string message, _) = Refusal("foreignUrl");

        Assert.InRange(status, 400, 499);
        Assert.Contains("example.com", message, StringComparison.Ordinal);
        Assert.Contains("policy", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("local", message, StringComparison.Ordinal);

        // The server's downloads go through the transport this test gave it: it opened the connection for the document on this
        // machine (so it is the one in use), and none, nor a DNS lookup, for the foreign host.
        _output.WriteLine("connections: " + string.Join(", ", _run.Connections));
        Assert.Equal(Markdown(Step("scannedPdf")), Markdown(Step("localUrl")));
        Assert.Equal(1, _run.LocalFileRequests);
        Assert.Contains($"127.0.0.1:{_run.LocalFilePort}", _run.Connections);
        Assert.DoesNotContain(_run.Connections, c => c.Contains("example.com", StringComparison.OrdinalIgnoreCase));
        EgressLedgerEntry refused = Assert.Single(_run.Ledger.Entries, e => e.Destination.Contains("example.com", StringComparison.Ordinal));
        Assert.True(refused.Refused >= 1);
        Assert.Equal((0, 0L, 0L), (refused.Requests, refused.BytesSent, refused.BytesReceived));
        Assert.Contains(_run.Ledger.Entries, e => e.Destination == $"http://127.0.0.1:{_run.LocalFilePort}" && e.IsLoopback && e.Requests == 1);
        Assert.Equal(0, _run.Ledger.BytesLeftMachine);
        Assert.Contains("example.com", _run.LedgerText, StringComparison.Ordinal);
        Assert.Contains("refused", _run.LedgerText, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentAnnotationFormat_Refused_NamingTheOption()
    {
        (int status, string message, string? param) = Refusal("annotation");

        Assert.InRange(status, 400, 499);
        Assert.Contains("document_annotation_format", message + " " + param, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongKey_Unauthorized()
    {
        Assert.Equal(401, Refusal("wrongKey").Status);
    }

    private static string[] Markdown(JsonElement ocr) => [.. ocr.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("markdown").GetString()!)];

    private string Unexpected() => _run.Result.ValueKind == JsonValueKind.Object ? _run.Result.GetProperty("unexpected").GetRawText() : "(no result)";

    private JsonElement Step(string name)
    {
        Assert.True(_run.Result.TryGetProperty(name, out JsonElement step), $"no '{name}' in the client's output; unexpected: {Unexpected()}\nstderr: {_run.Stderr}");
        if (step.TryGetProperty("failed", out JsonElement failed))
        {
            Assert.Fail($"{name} failed: {failed.GetRawText()}");
        }

        return step;
    }

    private (int Status, string Message, string? Param) Refusal(string name)
    {
        JsonElement step = Step(name);
        // The provider's error shape: {"object": "error", "message", "type", "param", "code"}.
        Assert.True(
            step.TryGetProperty("error", out JsonElement error) && error.TryGetProperty("object", out JsonElement o) && o.GetString() == "error"
                && error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String,
            $"{name}: not an error object of the provider's shape: {step.GetRawText()}");
        return (step.GetProperty("status").GetInt32(), error.GetProperty("message").GetString()!,
            error.TryGetProperty("param", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null);
    }

    /// <summary>One run of the official client against a fresh server, shared by the tests above.</summary>
    public sealed class Run : IAsyncLifetime
    {
        private static readonly TimeSpan NpmPatience = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan ClientPatience = TimeSpan.FromMinutes(10);
        private readonly string _data = Directory.CreateTempSubdirectory("docassist-mistral-").FullName;
        private readonly ConcurrentQueue<string> _connections = new();
        private int _localFileRequests;

        public static string CompatFolder => Path.Combine(TestData.RepoRoot, "tests", "DocAssist.Server.Tests", "compat");

        public int ExitCode { get; private set; }

        public JsonElement Result { get; private set; }

        public string Stderr { get; private set; } = string.Empty;

        public Uri ServerUrl { get; private set; } = null!;

        /// <summary>Gets the port of the loopback file server that serves the scanned PDF by http.</summary>
        public int LocalFilePort { get; private set; }

        /// <summary>Gets how many requests the loopback file server answered.</summary>
        public int LocalFileRequests => Volatile.Read(ref _localFileRequests);

        public EgressLedger Ledger { get; } = new();

        public string LedgerText { get; private set; } = string.Empty;

        /// <summary>Gets every connection the server's HTTP transport attempted (host:port), in order.</summary>
        public IReadOnlyList<string> Connections => [.. _connections];

        public string Timings { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var clock = Stopwatch.StartNew();
            string install = await InstallClientAsync();
            TimeSpan installed = clock.Elapsed;

            await using WorkspaceServer server = await WorkspaceServer.StartAsync(
                new ServerOptions
                {
                    DataDirectory = _data,
                    Port = 0,
                    Token = WorkspaceServer.NewToken(),
                    MaxUploadBytes = 16 * 1024 * 1024,
                    Extraction = new ExtractOptions { IncludeWords = true, Jobs = 2 },
                    Worker = Program.Worker,
                },
                new ModelClientFactory(
                    new ModelOptions
                    {
                        BaseUrl = "http://127.0.0.1:9",
                        ProbeTimeout = TimeSpan.FromSeconds(2),
                        RetryDelay = TimeSpan.FromMilliseconds(20),
                        Transport = RecordingTransport,
                    },
                    ledger: Ledger,
                    getEnvironment: _ => null));
            ServerUrl = server.Url;
            using var files = new TcpListener(IPAddress.Loopback, 0);
            files.Start();
            LocalFilePort = ((IPEndPoint)files.LocalEndpoint).Port;
            using var stopFiles = new CancellationTokenSource();
            Task serving = ServeFileAsync(files, File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf")), stopFiles.Token);

            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = CompatFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (string arg in (string[])["mistral-client.mjs", "--server", server.Url.GetLeftPart(UriPartial.Authority),
                "--pdf", TestData.Path("pdfs/gen_scanned.pdf"), "--image", TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.jpg"),
                "--textpdf", TestData.Path("pdfs/gen_born_digital.pdf"), "--localurl", $"http://127.0.0.1:{LocalFilePort}/scan.pdf"])
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOCASSIST_TOKEN"] = server.Token;
            (int exit, string stdout, string stderr) = await RunAsync(start, ClientPatience);
            await stopFiles.CancelAsync();
            files.Stop();
            await serving;
            ExitCode = exit;
            Stderr = stderr;
            string? line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
            Result = line is null ? default : JsonDocument.Parse(line).RootElement.Clone();
            // What the client got, kept beside the test assembly to read after a failure.
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "mistral-client.json"), line ?? stdout);
            using (var http = new HttpClient { BaseAddress = server.Url })
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Token);
                LedgerText = await http.GetStringAsync("api/ledger");
            }

            Timings = string.Create(CultureInfo.InvariantCulture, $"client install: {install} in {installed.TotalSeconds:0.0} s; client run: {(clock.Elapsed - installed).TotalSeconds:0.0} s");
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "mistral-client.log"), $"{Timings}\nexit code: {exit}\nstderr:\n{stderr}");
            if (Result.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"node mistral-client.mjs exited {exit} without its JSON.\nstdout: {stdout}\nstderr: {stderr}");
            }
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_data, recursive: true);
            return Task.CompletedTask;
        }

        // A file server on the loopback, as small as HTTP/1.1 allows: every request gets the file, then the connection closes.
        private async Task ServeFileAsync(TcpListener listener, byte[] body, CancellationToken cancellationToken)
        {
            byte[] head = Encoding.ASCII.GetBytes(string.Create(
                CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
            try
            {
                while (true)
                {
                    using TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken);
                    await using NetworkStream stream = client.GetStream();
                    var request = new List<byte>();
                    byte[] buffer = new byte[4096];
                    while (!Encoding.ASCII.GetString([.. request]).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        int read = await stream.ReadAsync(buffer, cancellationToken);
                        if (read == 0)
                        {
                            break;
                        }

                        request.AddRange(buffer.AsSpan(0, read));
                    }

                    Interlocked.Increment(ref _localFileRequests);
                    await stream.WriteAsync(head, cancellationToken);
                    await stream.WriteAsync(body, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped.
            }
        }

        // `npm ci` into compat/node_modules, skipped when what is there was installed from this very lock file (a stamp holds its hash).
        private static async Task<string> InstallClientAsync()
        {
            string folder = CompatFolder;
            string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "package-lock.json"))));
            string stamp = Path.Combine(folder, "node_modules", ".docassist-lock-sha256");
            if (File.Exists(stamp) && File.ReadAllText(stamp).Trim() == hash
                && File.Exists(Path.Combine(folder, "node_modules", "@mistralai", "mistralai", "package.json")))
            {
                return "cached";
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in (string[])["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            {
                start.ArgumentList.Add(arg);
            }

            (int exit, string stdout, string stderr) = await RunAsync(start, NpmPatience);
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci in compat/ failed ({exit}):\n{stdout}\n{stderr}");
            }

            await File.WriteAllTextAsync(stamp, hash + "\n");
            return "npm ci";
        }

        private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start, TimeSpan patience)
        {
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException(
                    $"`{start.FileName}` is not installed ({ex.Message}): install Debian's nodejs and npm (./run-tests does: apt-get install nodejs npm).", ex);
            }

            using (process)
            {
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(patience);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {patience}; stderr so far: {await stderr}");
                }

                return (process.ExitCode, await stdout, await stderr);
            }
        }

        // The server's network handler (ModelOptions.Transport, under its egress guard): records each connection it is asked to open, and
        // opens only loopback ones, so even a bug in the guard could not reach another machine from this test.
        private SocketsHttpHandler RecordingTransport() => new()
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                string host = context.DnsEndPoint.Host;
                _connections.Enqueue($"{host}:{context.DnsEndPoint.Port.ToString(CultureInfo.InvariantCulture)}");
                if (!(IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address)) && host != "localhost")
                {
                    throw new HttpRequestException($"the test's transport does not connect to {host}.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address ?? IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
