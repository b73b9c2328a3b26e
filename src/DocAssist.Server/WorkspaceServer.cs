using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using DocAssist.Llm.Models;
using DocAssist.Server.OcrApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocAssist.Server;

/// <summary><c>docassist serve</c>'s HTTP server: the library's API on a loopback port, every call behind the launch's token.</summary>
/// <remarks>
/// A server on this machine is reachable by every web page the user visits, so: a request whose <c>Host</c> is not the bound address or
/// <c>localhost</c> is refused (DNS rebinding); a state-changing request from another origin is refused; every <c>/api</c> call needs
/// <c>Authorization: Bearer TOKEN</c>; uploads are bounded; a client never names a path on the disk (originals are stored by content hash).
/// </remarks>
public sealed partial class WorkspaceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Workspace _workspace;

    private WorkspaceServer(WebApplication app, Workspace workspace, Uri url, string token)
    {
        _app = app;
        _workspace = workspace;
        Url = url;
        Token = token;
    }

    /// <summary>Gets the server's base URL.</summary>
    public Uri Url { get; }

    /// <summary>Gets the access token.</summary>
    public string Token { get; }

    /// <summary>Makes a token for a launch: 32 random bytes, URL-safe.</summary>
    /// <returns>The token.</returns>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Starts the server and the background reading of documents left unfinished by a previous run.</summary>
    /// <param name="options">What to serve and where.</param>
    /// <param name="models">The model settings, policy and ledger for questions.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<WorkspaceServer> StartAsync(ServerOptions options, ModelClientFactory models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.DataDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Bind, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes + (64 * 1024);
            k.AddServerHeader = false;
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxUploadBytes);
        WebApplication app = builder.Build();
        var workspace = new Workspace(options, models);
        app.Use(Guard(options));
        Map(app, workspace, options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var url = new Uri($"http://{(IPAddress.IsLoopback(options.Bind) ? "127.0.0.1" : options.Bind.ToString())}:{bound.Port}/");
        workspace.Start();
        return new WorkspaceServer(app, workspace, url, options.Token);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _workspace.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Func<HttpContext, RequestDelegate, Task> Guard(ServerOptions options)
    {
        byte[] token = Encoding.UTF8.GetBytes(options.Token);
        return async (context, next) =>
        {
            SecurityHeaders(context.Response.Headers);
            int port = context.Connection.LocalPort;
            string host = context.Request.Host.Value ?? string.Empty;
            string[] allowed = [$"127.0.0.1:{port}", $"localhost:{port}", $"[::1]:{port}", $"{options.Bind}:{port}"];
            if (!allowed.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                await ErrorAsync(context, StatusCodes.Status421MisdirectedRequest, $"the Host '{host}' is not this server's address.").ConfigureAwait(false);
                return;
            }

            string? origin = context.Request.Headers.Origin;
            bool changes = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
            bool sameOrigin = string.Equals(origin, $"http://{host}", StringComparison.OrdinalIgnoreCase);
            if (changes && origin is not null && !sameOrigin)
            {
                await ErrorAsync(context, StatusCodes.Status403Forbidden, $"requests from {origin} may not change this workspace.").ConfigureAwait(false);
                return;
            }

            if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/v1")) && !OcrEndpoints.IsSignedDownload(context.Request))
            {
                string auth = context.Request.Headers.Authorization.ToString();
                bool bearer = auth.StartsWith("Bearer ", StringComparison.Ordinal);
                string? cookie = bearer ? null : context.Request.Cookies[CookieName(port)];
                byte[] given = Encoding.UTF8.GetBytes(bearer ? auth["Bearer ".Length..] : cookie ?? string.Empty);
                if (!CryptographicOperations.FixedTimeEquals(given, token))
                {
                    await ErrorAsync(context, StatusCodes.Status401Unauthorized, "this API needs the token printed by `docassist serve` (Authorization: Bearer TOKEN).").ConfigureAwait(false);
                    return;
                }

                // The page's cookie is sent by the browser whoever asks; a change made with it must say it comes from this page.
                if (cookie is not null && changes && !sameOrigin)
                {
                    await ErrorAsync(context, StatusCodes.Status403Forbidden, "a change made with the page's cookie must come from the page (Origin).").ConfigureAwait(false);
                    return;
                }
            }
            else if (context.Request.Query["token"] is [{ } fromUrl] && HttpMethods.IsGet(context.Request.Method))
            {
                // The printed URL: the token moves into a strict cookie for this port, and out of the address bar and the history.
                if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(fromUrl), token))
                {
                    context.Response.Cookies.Append(CookieName(port), options.Token, new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Strict,
                        Path = "/",
                        IsEssential = true,
                    });
                }

                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = "/";
                return;
            }

            await next(context).ConfigureAwait(false);
        };
    }

    // Cookies are not kept apart by port: each server's cookie is named by its port, so two workspaces on one machine do not overwrite each other's.
    private static string CookieName(int port) => $"docassist-{port.ToString(CultureInfo.InvariantCulture)}";

    private static void SecurityHeaders(IHeaderDictionary headers)
    {
        // Nothing from anywhere but this server; no inline script or style; never framed; the URL (with its token) never sent as a referrer.
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    /// <summary>Stores an upload with the originals, under its content hash.</summary>
    internal static async Task<(string Hash, long Size)> StoreAsync(Library library, IFormFile file, CancellationToken cancellationToken)
    {
        string temp = Path.Combine(library.Originals, ".upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            byte[] hash;
            await using (FileStream target = File.Create(temp))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using Stream source = file.OpenReadStream();
                byte[] buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                size = target.Length;
                hash = sha.GetHashAndReset();
            }

            string hex = Convert.ToHexStringLower(hash);
            string stored = library.OriginalPath(hex);
            if (!File.Exists(stored))
            {
                File.Move(temp, stored);
            }

            return (hex, size);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // The name is only shown, never used as a path: no folders, no control characters, bounded. Browsers send a name's quote and line breaks
    // as %22, %0A and %0D (the HTML form encoding); they are put back (and line breaks then dropped) so the name is the one the user sees.
    internal static string SafeName(string name)
    {
        name = name.Replace("%22", "\"", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%0D", "\r", StringComparison.Ordinal);
        string file = Path.GetFileName(name.Replace('\\', '/'));
        string clean = new([.. file.Where(c => !char.IsControl(c))]);
        return clean.Length == 0 ? "document" : clean.Length > 200 ? clean[..200] : clean;
    }

    private static IResult Error(int status, string message) => Results.Json(new ApiError(message), ServerJsonContext.Default.ApiError, statusCode: status);

    private static Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        // The OCR API's clients (Mistral's) read their provider's error shape, a missing key's 401 included.
        return context.Request.Path.StartsWithSegments("/v1")
            ? context.Response.WriteAsJsonAsync(new OcrError(message, null), OcrJsonContext.Default.OcrError)
            : context.Response.WriteAsJsonAsync(new ApiError(message), ServerJsonContext.Default.ApiError);
    }
}
