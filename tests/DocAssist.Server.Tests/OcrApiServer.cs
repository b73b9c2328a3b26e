using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocAssist.Cli;
using DocAssist.Core;
using DocAssist.Llm.Models;

namespace DocAssist.Server.Tests;

/// <summary>A workspace server on a loopback port for the OCR API's tests: worker processes, a bearer-token client, and a transport that
/// counts every connection the server attempts (model or download) and connects nowhere.</summary>
internal sealed class OcrApiServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private OcrApiServer(string data, WorkspaceServer server, CountingHandler network)
    {
        Data = data;
        Server = server;
        Network = network;
        Http = new HttpClient { BaseAddress = server.Url, Timeout = Patience };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
    }

    /// <summary>Gets the server's data folder (deleted on disposal).</summary>
    public string Data { get; }

    /// <summary>Gets the server.</summary>
    public WorkspaceServer Server { get; }

    /// <summary>Gets a client that sends the server's token.</summary>
    public HttpClient Http { get; }

    /// <summary>Gets the transport every connection the server makes goes through.</summary>
    public CountingHandler Network { get; }

    /// <summary>Starts a server in a new temporary data folder.</summary>
    /// <param name="name">Names the data folder.</param>
    /// <param name="extraction">How documents are read.</param>
    /// <returns>The running server.</returns>
    public static async Task<OcrApiServer> StartAsync(string name, ExtractOptions extraction)
    {
        string data = Directory.CreateTempSubdirectory($"docassist-{name}-").FullName;
        var network = new CountingHandler();
        WorkspaceServer server = await WorkspaceServer.StartAsync(
            new ServerOptions
            {
                DataDirectory = data,
                Port = 0,
                Token = WorkspaceServer.NewToken(),
                MaxUploadBytes = 4 * 1024 * 1024,
                Extraction = extraction,
                Worker = Program.Worker,
            },
            new ModelClientFactory(
                new ModelOptions { BaseUrl = "http://127.0.0.1:9", ProbeTimeout = TimeSpan.FromSeconds(2), Transport = () => network },
                getEnvironment: _ => null));
        return new OcrApiServer(data, server, network);
    }

    /// <summary>Makes a <c>data:</c> URL of some bytes.</summary>
    public static string DataUrl(string type, byte[] bytes) => $"data:{type};base64,{Convert.ToBase64String(bytes)}";

    /// <summary>Posts a request to <c>/v1/ocr</c> and returns the response, failing the test unless it is 200.</summary>
    public async Task<JsonElement> OcrAsync(object request)
    {
        (HttpStatusCode status, string text) = await PostOcrAsync(request);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Posts a request to <c>/v1/ocr</c> that should fail, and returns the status and the error body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Error)> OcrErrorAsync(object request)
    {
        (HttpStatusCode status, string text) = await PostOcrAsync(request);
        return (status, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }

    private async Task<(HttpStatusCode Status, string Text)> PostOcrAsync(object request)
    {
        using HttpResponseMessage response = await Http.PostAsync("v1/ocr", new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A transport that counts the requests that reach it and connects nowhere.</summary>
    internal sealed class CountingHandler : HttpMessageHandler
    {
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            throw new HttpRequestException("this test's transport connects nowhere.");
        }
    }
}
