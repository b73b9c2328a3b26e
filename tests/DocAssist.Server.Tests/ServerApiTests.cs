using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocAssist.Cli;
using DocAssist.Core;
using DocAssist.Llm.Models;
using DocAssist.Server;
using DocAssist.Testing;

namespace DocAssist.Server.Tests;

/// <summary>The workspace's API over real HTTP on a loopback port: uploads read in supervised workers, pages, questions with citations and boxes,
/// events, the library surviving a restart, and the guards (token, Host, Origin, size).</summary>
public sealed class ServerApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly string _data = Directory.CreateTempSubdirectory("docassist-serve-").FullName;
    private WorkspaceServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        _http = Client(_server);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Upload_ScannedPdf_ReadInTheBackground_PagesWithOcrWordsAndBoxes()
    {
        JsonElement added = await UploadAsync("letter.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf")));
        string id = added.GetProperty("id").GetString()!;

        JsonElement done = await WaitAsync(id);

        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal("letter.pdf", done.GetProperty("name").GetString());
        using JsonDocument page = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/pages/1"));
        Assert.Equal("ocr", page.RootElement.GetProperty("source").GetString());
        Assert.Equal("pt", page.RootElement.GetProperty("unit").GetString());
        string expected = TestData.GroundTruth("pdfs/gen_scanned.gt.txt").Split("\n\f\n")[0];
        double cer = TextMetrics.CharacterErrorRate(expected, page.RootElement.GetProperty("text").GetString()!);
        Assert.True(cer < 0.10, $"CER {cer:P1}");
        Assert.Equal(TestData.GroundTruth("pdfs/gen_scanned.gt.txt").Split("\n\f\n").Length, done.GetProperty("pages").GetInt32());
        Assert.NotEmpty(page.RootElement.GetProperty("words").EnumerateArray());
    }

    [Theory]
    [InlineData("pdfs/gen_scanned.pdf", "scan.pdf")]
    [InlineData("images/tess_phototest-rotated-L.png", "turned.png")]
    [InlineData("images/multipage.tif", "pages.tif")]
    public async Task PageImage_IsAJpegInThePagesFrame(string source, string name)
    {
        string id = (await UploadAsync(name, File.ReadAllBytes(TestData.Path(source)))).GetProperty("id").GetString()!;
        await WaitAsync(id);
        using JsonDocument page = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/pages/1"));

        using HttpResponseMessage response = await _http.GetAsync($"api/documents/{id}/pages/1/image");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        byte[] jpeg = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        using var image = new ImageMagick.MagickImage(jpeg);
        double width = page.RootElement.GetProperty("width").GetDouble(), height = page.RootElement.GetProperty("height").GetDouble();
        Assert.Equal(width / height, (double)image.Width / image.Height, 2);
        if (page.RootElement.GetProperty("unit").GetString() == "px")
        {
            Assert.Equal((uint)width, image.Width);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/documents/{id}/pages/99/image")).StatusCode);
    }

    [Fact]
    public async Task Upload_SameContentTwice_OneDocumentReadOnce()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("The boat registry is kept in the harbour office.");
        JsonElement first = await UploadAsync("a.txt", bytes);
        using HttpResponseMessage again = await PostFileAsync("b.txt", bytes);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using JsonDocument second = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(first.GetProperty("id").GetString(), second.RootElement.GetProperty("id").GetString());
        Assert.Single(JsonDocument.Parse(await _http.GetStringAsync("api/documents")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Ask_OverTwoDocuments_CitesThePassageWithBoxesOnThatPage()
    {
        string harbour = (await UploadAsync("report.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_born_digital.pdf")))).GetProperty("id").GetString()!;
        string other = (await UploadAsync("note.txt", Encoding.UTF8.GetBytes("The lease ends in March; notice is three months."))).GetProperty("id").GetString()!;
        await WaitAsync(harbour);
        await WaitAsync(other);

        using HttpResponseMessage response = await _http.PostAsync("api/ask", Json("""{"question": "How many books did visitors borrow?"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("extractive", answer.RootElement.GetProperty("mode").GetString());
        JsonElement citation = answer.RootElement.GetProperty("citations")[0];
        Assert.Equal(harbour, citation.GetProperty("document").GetString());
        Assert.Contains("1,284 books", citation.GetProperty("text").GetString(), StringComparison.Ordinal);
        using JsonDocument page = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{harbour}/pages/{citation.GetProperty("page").GetInt32()}"));
        double width = page.RootElement.GetProperty("width").GetDouble(), height = page.RootElement.GetProperty("height").GetDouble();
        int[][] boxes = [.. citation.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(n => n.GetInt32()).ToArray())];
        Assert.NotEmpty(boxes);
        Assert.All(boxes, b => Assert.True(b[0] >= 0 && b[1] >= 0 && b[2] <= width + 1 && b[3] <= height + 1 && b[0] < b[2] && b[1] < b[3]));

        using HttpResponseMessage scoped = await _http.PostAsync("api/ask", Json($$"""{"question": "How many books did visitors borrow?", "documents": ["{{other}}"]}"""));
        using JsonDocument scopedAnswer = JsonDocument.Parse(await scoped.Content.ReadAsStringAsync());
        Assert.All(scopedAnswer.RootElement.GetProperty("citations").EnumerateArray(), c => Assert.Equal(other, c.GetProperty("document").GetString()));
    }

    [Fact]
    public async Task HostileUpload_FailsWithAClearReason_AndTheServerKeepsServing()
    {
        string broken = (await UploadAsync("broken.pdf", [.. "%PDF-1.7\n"u8, .. new byte[64]])).GetProperty("id").GetString()!;
        JsonElement failed = await WaitAsync(broken);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("broken.pdf: ", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        string good = (await UploadAsync("good.txt", Encoding.UTF8.GetBytes("Still serving."))).GetProperty("id").GetString()!;
        Assert.Equal("done", (await WaitAsync(good)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Restart_KeepsTheLibrary_AndReadsUnfinishedDocumentsAgain()
    {
        string id = (await UploadAsync("memo.txt", Encoding.UTF8.GetBytes("The memo is short."))).GetProperty("id").GetString()!;
        await WaitAsync(id);
        _http.Dispose();
        await _server.DisposeAsync();

        // A document a killed run left in flight.
        File.WriteAllText(Path.Combine(_data, "originals", new string('a', 64)), "Left in flight by a killed run.");
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, Library.FileName)};Pooling=False"))
        {
            db.Open();
            using var insert = db.CreateCommand();
            insert.CommandText = $"INSERT INTO documents(id, name, hash, size, status, added) VALUES ('{new string('a', 16)}', 'inflight.txt', '{new string('a', 64)}', 31, 'processing', '2026-01-01T00:00:00Z')";
            insert.ExecuteNonQuery();
        }

        _server = await StartAsync();
        _http = Client(_server);

        Assert.Equal("done", (await WaitAsync(id)).GetProperty("status").GetString());
        Assert.Equal("done", (await WaitAsync(new string('a', 16))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_StreamTheStatusOfEveryDocument()
    {
        List<JsonElement> events = await UploadAndFollowAsync("minutes.txt", Encoding.UTF8.GetBytes("The board met."));

        string[] seen = [.. events.Select(e => e.GetProperty("status").GetString()!)];
        Assert.Equal("done", seen.Last());
        Assert.Contains("processing", seen);
    }

    [Fact]
    public async Task Events_WhileAScanIsRead_EachPageOnceWithItsSourceAndConfidence()
    {
        List<JsonElement> events = await UploadAndFollowAsync("letter.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf")));

        Assert.Equal("done", events[^1].GetProperty("status").GetString());
        int pages = events[^1].GetProperty("pages").GetInt32();
        Assert.Equal(2, pages);
        JsonElement[] finished = [.. events.Where(e => e.GetProperty("status").GetString() == "processing" && e.GetProperty("page").ValueKind == JsonValueKind.Object)];
        Assert.Equal(Enumerable.Range(1, pages), finished.Select(e => e.GetProperty("pagesDone").GetInt32()));
        Assert.Equal(Enumerable.Range(1, pages), finished.Select(e => e.GetProperty("page").GetProperty("number").GetInt32()).Order());
        Assert.All(finished, e =>
        {
            JsonElement page = e.GetProperty("page");
            Assert.Equal("ocr", page.GetProperty("source").GetString());
            Assert.InRange(page.GetProperty("confidence").GetSingle(), float.Epsilon, 100f);
        });
        Assert.All(events.Where(e => e.GetProperty("status").GetString() != "processing"), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("page").ValueKind));
    }

    [Fact]
    public async Task Guards_TokenHostOriginAndSize()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/documents")).StatusCode);

        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, "api/documents");
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrongToken)).StatusCode);

        using var rebinding = new HttpRequestMessage(HttpMethod.Get, "api/documents");
        rebinding.Headers.Host = "attacker.example:" + _server.Url.Port;
        rebinding.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.Token);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await anonymous.SendAsync(rebinding)).StatusCode);

        using var crossOrigin = new HttpRequestMessage(HttpMethod.Post, "api/ask") { Content = Json("""{"question": "anything"}""") };
        crossOrigin.Headers.Add("Origin", "https://attacker.example");
        crossOrigin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(crossOrigin)).StatusCode);

        using HttpResponseMessage tooLarge = await PostFileAsync("big.txt", new byte[(2 * 1024 * 1024) + 1]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using HttpResponseMessage empty = await _http.PostAsync("api/ask", Json("""{"question": "  "}"""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Empty(JsonDocument.Parse(await _http.GetStringAsync("api/documents")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Ask_Streamed_SendsTheAnswerInPieces_ThenTheAnswerWithWhatWentWhere()
    {
        await using LoopbackModelServer model = await LoopbackModelServer.StartAsync();
        model.Responder = _ => "Visitors borrowed 1,284 books last year [1].";
        await RestartAsync(model);
        string id = (await UploadAsync("report.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_born_digital.pdf")))).GetProperty("id").GetString()!;
        await WaitAsync(id);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ask") { Content = Json("""{"question": "How many books did visitors borrow?"}""") };
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] deltas = [.. lines[..^1].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("delta").GetString()!)];
        Assert.True(deltas.Length > 3, $"{deltas.Length} pieces");
        using JsonDocument answer = JsonDocument.Parse(lines[^1]);
        Assert.Equal(string.Concat(deltas).Trim(), answer.RootElement.GetProperty("answer").GetString()!.Trim());
        Assert.Equal("model", answer.RootElement.GetProperty("mode").GetString());
        Assert.Equal(id, answer.RootElement.GetProperty("citations")[0].GetProperty("document").GetString());
        JsonElement egress = answer.RootElement.GetProperty("egress");
        Assert.Equal(0, egress.GetProperty("bytesLeftMachine").GetInt64());
        JsonElement sent = Assert.Single(egress.GetProperty("sent").EnumerateArray());
        Assert.True(sent.GetProperty("thisMachine").GetBoolean());
        Assert.Contains($"127.0.0.1:{model.Port}", sent.GetProperty("destination").GetString(), StringComparison.Ordinal);
        // What the ledger counted for this answer is what the model received in its chat requests (the connection's probe came before).
        Assert.Equal(model.Requests.Where(r => r.Path == "/api/chat").Sum(r => r.RequestBodyBytes), sent.GetProperty("bytes").GetInt64());

        using JsonDocument privacy = JsonDocument.Parse(await _http.GetStringAsync("api/privacy"));
        Assert.Equal("local", privacy.RootElement.GetProperty("policy").GetString());
        Assert.Equal("llama3.2:latest", privacy.RootElement.GetProperty("model").GetString());
        Assert.True(privacy.RootElement.GetProperty("thisMachine").GetBoolean());
    }

    [Fact]
    public async Task Summary_WithoutAModel_IsExtractiveAndLabelled_AndKeptAcrossARestart()
    {
        string id = (await UploadAsync("report.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_born_digital.pdf")))).GetProperty("id").GetString()!;
        await WaitAsync(id);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.GetAsync($"api/documents/{id}/summary")).StatusCode);

        using HttpResponseMessage made = await _http.PostAsync($"api/documents/{id}/summary", null);

        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        using JsonDocument summary = JsonDocument.Parse(await made.Content.ReadAsStringAsync());
        Assert.Equal("extractive", summary.RootElement.GetProperty("mode").GetString());
        Assert.Contains("extractive", summary.RootElement.GetProperty("summary").GetString()!.Split('\n')[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("report.pdf", summary.RootElement.GetProperty("summary").GetString()!.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(0, summary.RootElement.GetProperty("egress").GetProperty("bytesLeftMachine").GetInt64());
        Assert.Empty(summary.RootElement.GetProperty("egress").GetProperty("sent").EnumerateArray());

        await RestartAsync();
        using JsonDocument kept = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/summary"));
        Assert.Equal(summary.RootElement.GetProperty("summary").GetString(), kept.RootElement.GetProperty("summary").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync("api/documents/0000000000000000/summary", null)).StatusCode);
    }

    [Fact]
    public async Task Search_FindsWordsIgnoringCaseAndAccents_WithTheirBoxesOnThePage()
    {
        string id = (await UploadAsync("report.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_born_digital.pdf")))).GetProperty("id").GetString()!;
        await WaitAsync(id);

        using JsonDocument found = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/search?q=BÓOKS"));

        JsonElement match = found.RootElement.GetProperty("matches")[0];
        Assert.Contains("books", match.GetProperty("text").GetString(), StringComparison.Ordinal);
        using JsonDocument page = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/pages/{match.GetProperty("page").GetInt32()}"));
        int[] box = [.. match.GetProperty("boxes")[0].EnumerateArray().Select(n => n.GetInt32())];
        JsonElement word = page.RootElement.GetProperty("words").EnumerateArray().First(w => w.GetProperty("box").EnumerateArray().Select(n => n.GetInt32()).SequenceEqual(box));
        Assert.StartsWith("books", word.GetProperty("text").GetString(), StringComparison.Ordinal);
        using JsonDocument none = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/search?q=zeppelin"));
        Assert.Empty(none.RootElement.GetProperty("matches").EnumerateArray());

        using JsonDocument sources = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}/pages"));
        Assert.All(sources.RootElement.EnumerateArray(), p => Assert.Equal("text-layer", p.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Uploads_BeyondThePendingLimit_AreRefused_UntilTheQueueEmpties()
    {
        await RestartAsync(maxPending: 1);
        string first = (await UploadAsync("scan.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf")))).GetProperty("id").GetString()!;

        using HttpResponseMessage refused = await PostFileAsync("note.txt", Encoding.UTF8.GetBytes("One more."));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("waiting to be read", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await WaitAsync(first);
        Assert.Equal(HttpStatusCode.Created, (await PostFileAsync("note.txt", Encoding.UTF8.GetBytes("One more."))).StatusCode);
    }

    [Fact]
    public async Task PrintedUrl_MovesTheTokenIntoAStrictCookie_ThatOnlyThePageMayChangeThingsWith()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _server.Url };

        using HttpResponseMessage opened = await browser.GetAsync($"?token={_server.Token}");

        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        Assert.Equal("/", opened.Headers.Location?.OriginalString);
        string cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"docassist-{_server.Url.Port}={_server.Token};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using HttpResponseMessage wrong = await browser.GetAsync("?token=guess");
        Assert.Equal(HttpStatusCode.SeeOther, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        string pair = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        using var list = new HttpRequestMessage(HttpMethod.Get, "api/documents");
        list.Headers.Add("Cookie", pair);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(list)).StatusCode);
        using var noOrigin = new HttpRequestMessage(HttpMethod.Post, "api/ask") { Content = Json("""{"question": "anything"}""") };
        noOrigin.Headers.Add("Cookie", pair);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(noOrigin)).StatusCode);
        using var fromPage = new HttpRequestMessage(HttpMethod.Post, "api/ask") { Content = Json("""{"question": "anything"}""") };
        fromPage.Headers.Add("Cookie", pair);
        fromPage.Headers.Add("Origin", $"http://127.0.0.1:{_server.Url.Port}");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(fromPage)).StatusCode);

        using HttpResponseMessage page = await browser.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("../library.sqlite")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("originals")).StatusCode);
    }

    private async Task RestartAsync(LoopbackModelServer? model = null, int maxPending = 500)
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _server = await StartAsync(model, maxPending);
        _http = Client(_server);
    }

    private Task<WorkspaceServer> StartAsync(LoopbackModelServer? model = null, int maxPending = 500) => WorkspaceServer.StartAsync(
        new ServerOptions
        {
            DataDirectory = _data,
            Port = 0,
            Token = WorkspaceServer.NewToken(),
            MaxUploadBytes = 2 * 1024 * 1024,
            MaxPending = maxPending,
            Extraction = new ExtractOptions { IncludeWords = true, Jobs = 2 },
            Worker = Program.Worker,
        },
        new ModelClientFactory(
            new ModelOptions { BaseUrl = model?.BaseUrl.ToString() ?? "http://127.0.0.1:9", ProbeTimeout = TimeSpan.FromSeconds(2), RetryDelay = TimeSpan.FromMilliseconds(20) },
            getEnvironment: _ => null));

    private static HttpClient Client(WorkspaceServer server)
    {
        var http = new HttpClient { BaseAddress = server.Url, Timeout = Patience };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostFileAsync(string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        return await _http.PostAsync("api/documents", form);
    }

    private async Task<JsonElement> UploadAsync(string name, byte[] bytes)
    {
        using HttpResponseMessage response = await PostFileAsync(name, bytes);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // Uploads a file with an event stream open, as the page keeps one, and returns the file's events up to "done" or "failed".
    private async Task<List<JsonElement>> UploadAndFollowAsync(string name, byte[] bytes)
    {
        using var client = new HttpClient { BaseAddress = _server.Url, Timeout = Patience };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.Token);
        using HttpResponseMessage stream = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        string id = (await UploadAsync(name, bytes)).GetProperty("id").GetString()!;

        var events = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(Patience);
        while (events.Count == 0 || events[^1].GetProperty("status").GetString() is not ("done" or "failed"))
        {
            string line = await reader.ReadLineAsync(timeout.Token) ?? throw new Xunit.Sdk.XunitException("The event stream ended.");
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using JsonDocument e = JsonDocument.Parse(line["data: ".Length..]);
                if (e.RootElement.GetProperty("document").GetString() == id)
                {
                    events.Add(e.RootElement.Clone());
                }
            }
        }

        return events;
    }

    private async Task<JsonElement> WaitAsync(string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            using JsonDocument doc = JsonDocument.Parse(await _http.GetStringAsync($"api/documents/{id}", timeout.Token));
            if (doc.RootElement.GetProperty("status").GetString() is "done" or "failed")
            {
                return doc.RootElement.Clone();
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
