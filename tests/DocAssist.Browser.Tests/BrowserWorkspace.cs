using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using DocAssist.App.Extraction;
using DocAssist.Core;
using DocAssist.Llm.Models;
using DocAssist.Server;
using DocAssist.Testing;

namespace DocAssist.Browser.Tests;

/// <summary>Which model a <see cref="BrowserWorkspace"/> answers questions with.</summary>
public enum WorkspaceModel
{
    /// <summary>None: the model's address is a closed port, so questions are answered extractively.</summary>
    None,

    /// <summary>A <see cref="LoopbackModelServer"/> speaking Ollama's protocol (<see cref="BrowserWorkspace.Model"/>).</summary>
    Loopback,
}

/// <summary>A <c>docassist serve</c> for one test: a <see cref="WorkspaceServer"/> on a free loopback port over a temporary library,
/// documents read in worker processes as the CLI runs them, and a model stand-in or none. Dispose it to stop everything and delete the library.</summary>
public sealed class BrowserWorkspace : IAsyncDisposable
{
    /// <summary>The access token of every test workspace.</summary>
    public const string Token = "browser-test-token";

    private BrowserWorkspace(WorkspaceServer server, string data, LoopbackModelServer? model)
    {
        Server = server;
        DataDirectory = data;
        Model = model;
    }

    /// <summary>Gets the running server.</summary>
    public WorkspaceServer Server { get; }

    /// <summary>Gets the server's base URL (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Url => Server.Url;

    /// <summary>Gets the workspace page's address as <c>docassist serve</c> prints it: the base URL with the token.</summary>
    public Uri PageUrl => new(Server.Url, $"?token={Uri.EscapeDataString(Token)}");

    /// <summary>Gets the library's folder (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the model stand-in (set its <see cref="LoopbackModelServer.Responder"/>, read its requests), or <see langword="null"/> without one.</summary>
    public LoopbackModelServer? Model { get; }

    /// <summary>Gets the header that API calls need, for <see cref="BrowserFixture.NewContextAsync"/>.</summary>
    public IReadOnlyDictionary<string, string> AuthorizationHeaders { get; } = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Token}" };

    /// <summary>Starts a workspace.</summary>
    /// <param name="model">The model it answers with.</param>
    /// <returns>The running workspace.</returns>
    public static async Task<BrowserWorkspace> StartAsync(WorkspaceModel model = WorkspaceModel.None)
    {
        string data = Directory.CreateTempSubdirectory("docassist-browser-").FullName;
        LoopbackModelServer? loopback = null;
        try
        {
            loopback = model == WorkspaceModel.Loopback ? await LoopbackModelServer.StartAsync() : null;
            WorkspaceServer server = await WorkspaceServer.StartAsync(
                new ServerOptions
                {
                    DataDirectory = data,
                    Port = 0,
                    Token = Token,
                    // As `docassist serve`: word boxes for the page's highlights.
                    Extraction = new ExtractOptions { IncludeWords = true, Jobs = 2 },
                    Worker = Worker,
                },
                Models(loopback));
            return new BrowserWorkspace(server, data, loopback);
        }
        catch
        {
            if (loopback is not null)
            {
                await loopback.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary>Makes a client for the API (for setting up documents without the page).</summary>
    /// <returns>The client; dispose it.</returns>
    public HttpClient CreateApiClient()
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    /// <summary>Adds a document through the API, as the page's upload does, and waits until it is read (in a worker) or has failed.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The document as <c>GET /api/documents/{id}</c> gives it, status <c>done</c> or <c>failed</c>.</returns>
    public async Task<JsonElement> AddDocumentAsync(string name, byte[] content)
    {
        using HttpClient http = CreateApiClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        using HttpResponseMessage response = await http.PostAsync(new Uri("api/documents", UriKind.Relative), form);
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Uploading {name}: {(int)response.StatusCode} {body}");
        }

        string id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            using JsonDocument document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/documents/{id}", UriKind.Relative), timeout.Token));
            if (document.RootElement.GetProperty("status").GetString() is "done" or "failed")
            {
                return document.RootElement.Clone();
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Model is not null)
        {
            await Model.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }

    // What DocAssist.Cli.Program.Worker is (`docassist.dll __worker` under the dotnet host), built from the CLI assembly this project
    // references: Program is internal, and its InternalsVisibleTo names only the CLI's and the server's test projects.
    private static WorkerLaunch Worker { get; } = WorkerLaunch.ForProgram(Assembly.Load("docassist"));

    private static ModelClientFactory Models(LoopbackModelServer? model) => new(
        model is null
            // Port 9 (discard) has no listener here: the probe is refused at once and answers are extractive.
            ? new ModelOptions { BaseUrl = "http://127.0.0.1:9", ProbeTimeout = TimeSpan.FromSeconds(2) }
            : new ModelOptions
            {
                BaseUrl = model.BaseUrl.ToString(),
                RetryDelay = TimeSpan.FromMilliseconds(20),
                StallTimeout = TimeSpan.FromSeconds(5),
                AttemptTimeout = TimeSpan.FromSeconds(20),
                ProbeTimeout = TimeSpan.FromSeconds(2),
            },
        getEnvironment: _ => null);
}
