using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DocAssist.Server;

/// <summary>The workspace page: a few static files built into this assembly, served as they are (no build step, nothing from elsewhere).</summary>
/// <remarks>Only the names built in are served: a client's path is looked up in a fixed table, never on the disk.</remarks>
internal static class WebAssets
{
    private const string Prefix = "web/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>Maps <c>/</c> to the page and each other built-in file to its name.</summary>
    /// <param name="app">The application.</param>
    public static void Map(WebApplication app)
    {
        Assembly assembly = typeof(WebAssets).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            string name = resource[Prefix.Length..];
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] bytes = buffer.ToArray();
            string type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            IResult Serve(HttpContext context)
            {
                // The page changes with the program, not while it runs: revalidate on each load.
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, type);
            }

            app.MapGet("/" + name, Serve);
            if (name == "index.html")
            {
                app.MapGet("/", Serve);
            }
        }
    }
}
