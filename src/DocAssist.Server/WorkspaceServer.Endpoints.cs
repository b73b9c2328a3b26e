using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using DocAssist.App.Output;
using DocAssist.Core.Errors;
using DocAssist.Server.OcrApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DocAssist.Server;

/// <content>The workspace API's endpoints (<c>/api</c>), their streaming and their events.</content>
public sealed partial class WorkspaceServer
{
    private static void Map(WebApplication app, Workspace workspace, ServerOptions options)
    {
        app.MapPost("/api/documents", async (HttpContext context) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return Error(StatusCodes.Status400BadRequest, "send the document as multipart/form-data, field `file`.");
            }

            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"the upload is larger than the limit of {options.MaxUploadBytes / (1024 * 1024)} MB, or not a readable form.");
            }

            if (workspace.Library.PendingCount() >= options.MaxPending)
            {
                return Error(StatusCodes.Status429TooManyRequests, $"{options.MaxPending} documents are waiting to be read; add more once some are done.");
            }

            if (form.Files.GetFile("file") is not { } file)
            {
                return Error(StatusCodes.Status400BadRequest, "the form has no `file` field.");
            }

            if (file.Length == 0)
            {
                return Error(StatusCodes.Status400BadRequest, $"{SafeName(file.FileName)}: is empty (0 bytes).");
            }

            (string hash, long size) = await StoreAsync(workspace.Library, file, context.RequestAborted).ConfigureAwait(false);
            (LibraryDocument document, bool added) = workspace.Library.Add(SafeName(file.FileName), hash, size);
            if (added)
            {
                workspace.Enqueue(document.Id);
            }

            return Results.Json(document, ServerJsonContext.Default.LibraryDocument, statusCode: added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

        app.MapGet("/api/documents", () => Results.Json([.. workspace.Library.All()], ServerJsonContext.Default.ListLibraryDocument));

        app.MapGet("/api/documents/{id}", (string id) => workspace.Library.Get(id) is { } document
            ? Results.Json(document, ServerJsonContext.Default.LibraryDocument)
            : Error(StatusCodes.Status404NotFound, $"no document {id}."));

        app.MapGet("/api/documents/{id}/pages", (string id) => workspace.Library.Get(id) is null
            ? Error(StatusCodes.Status404NotFound, $"no document {id}.")
            : Results.Json(
                [.. workspace.Library.Pages(id).Select(p => new PageSummary(p.Number, p.Source, p.Confidence, p.Empty, p.Unreliable))],
                ServerJsonContext.Default.ListPageSummary));

        app.MapGet("/api/documents/{id}/pages/{number:int}", (string id, int number) =>
            workspace.Library.PageJsonText(id, number) is { } json
                ? Results.Text(json, "application/json", Encoding.UTF8)
                : Error(StatusCodes.Status404NotFound, workspace.Library.Get(id) is { Status: not "done" } d
                    ? $"document {id} is {d.Status}; its pages are not there yet."
                    : $"no page {number} of document {id}."));

        var images = new PageImages(Path.Combine(options.DataDirectory, "pages"));
        app.MapGet("/api/documents/{id}/pages/{number:int}/image", async (string id, int number, HttpContext context) =>
        {
            if (workspace.Library.Get(id) is not { Status: "done" } document || workspace.Library.PageJsonText(id, number) is not { } json)
            {
                return Error(StatusCodes.Status404NotFound, $"no page {number} of a finished document {id}.");
            }

            PageJson page = JsonSerializer.Deserialize(json, ServerJsonContext.Default.PageJson)!;
            (string? file, string? problem) = await images.GetAsync(
                document, workspace.Library.OriginalPath(document.Hash), page, options.Extraction.Password, context.RequestAborted).ConfigureAwait(false);
            return file is not null
                ? Results.File(file, "image/jpeg")
                : Error(StatusCodes.Status422UnprocessableEntity, $"{document.Name}: {problem}");
        });

        app.MapPost("/api/ask", async (HttpContext context) =>
        {
            AskRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync(context.Request.Body, ServerJsonContext.Default.AskRequest, context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return Error(StatusCodes.Status400BadRequest, $"the body is not the JSON {{\"question\": \"…\", \"documents\": [\"id\", …]}} ({ex.Message}).");
            }

            if (string.IsNullOrWhiteSpace(request?.Question))
            {
                return Error(StatusCodes.Status400BadRequest, "the question is empty.");
            }

            if (request.Documents?.FirstOrDefault(id => workspace.Library.Get(id) is null) is { } unknown)
            {
                return Error(StatusCodes.Status404NotFound, $"no document {unknown}.");
            }

            return await RespondAsync(
                context,
                (onText, ct) => workspace.AskAsync(request.Question, request.Documents, onText, ct),
                ServerJsonContext.Default.AskResponse).ConfigureAwait(false);
        });

        // 204 when the document has no summary yet (POST makes one).
        app.MapGet("/api/documents/{id}/summary", (string id) => workspace.Library.Summary(id) is { } summary
            ? Results.Json(summary, ServerJsonContext.Default.SummaryResponse)
            : workspace.Library.Get(id) is null ? Error(StatusCodes.Status404NotFound, $"no document {id}.") : Results.NoContent());

        app.MapPost("/api/documents/{id}/summary", async (string id, HttpContext context) =>
        {
            if (workspace.Library.Get(id) is not { } document)
            {
                return Error(StatusCodes.Status404NotFound, $"no document {id}.");
            }

            if (document.Status != "done")
            {
                return Error(StatusCodes.Status409Conflict, $"{document.Name} is {document.Status}; it can be summarized once it is read.");
            }

            return await RespondAsync(context, async (onText, ct) => (await workspace.SummarizeAsync(id, onText, ct).ConfigureAwait(false))!, ServerJsonContext.Default.SummaryResponse)
                .ConfigureAwait(false);
        });

        app.MapGet("/api/documents/{id}/search", (string id, string? q) => workspace.Library.Get(id) is null
            ? Error(StatusCodes.Status404NotFound, $"no document {id}.")
            : Results.Json(new SearchResponse(q ?? string.Empty, PageSearch.Find(q ?? string.Empty, workspace.Library.Pages(id))), ServerJsonContext.Default.SearchResponse));

        // Not (HttpContext) => …: a lambda of that shape is taken for a RequestDelegate, and its result is dropped.
        app.MapGet("/api/privacy", async (CancellationToken cancellationToken) =>
            Results.Json(await workspace.PrivacyAsync(cancellationToken).ConfigureAwait(false), ServerJsonContext.Default.PrivacyResponse));

        app.MapGet("/api/ledger", () => Results.Text(workspace.Ledger.Render(), "text/plain", Encoding.UTF8));

        OcrEndpoints.Map(app, workspace, options);
        WebAssets.Map(app);

        app.MapGet("/api/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            // Also ended by a stop: Kestrel waits for open requests, and a page keeps this one open for as long as it is shown.
            using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            CancellationToken until = stream.Token;
            await context.Response.WriteAsync(": connected\n\n", until).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(until).ConfigureAwait(false);
            var reader = workspace.Events.Subscribe(until);
            foreach (LibraryDocument d in workspace.Library.All())
            {
                await SendAsync(context, new WorkspaceEvent(d.Id, d.Status, Pages: d.Status == "done" ? d.Pages : null, Error: d.Error), until).ConfigureAwait(false);
            }

            try
            {
                await foreach (WorkspaceEvent e in reader.ReadAllAsync(until).ConfigureAwait(false))
                {
                    await SendAsync(context, e, until).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (until.IsCancellationRequested)
            {
                // The client went away.
            }
        });
    }

    // JSON at the end, or, when the client accepts application/x-ndjson, one {"delta"} line per piece of text as the model writes it, then the
    // result's line (or an {"error"} line: the status is sent with the first line).
    private static async Task<IResult> RespondAsync<T>(HttpContext context, Func<Action<string>, CancellationToken, Task<T>> work, JsonTypeInfo<T> type)
    {
        CancellationToken ct = context.RequestAborted;
        if (!context.Request.Headers.Accept.ToString().Contains("application/x-ndjson", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Results.Json(await work(_ => { }, ct).ConfigureAwait(false), type);
            }
            catch (LlmException ex)
            {
                return Error(StatusCodes.Status502BadGateway, ex.Message);
            }
        }

        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        Task<T> running = Task.Run(
            async () =>
            {
                try
                {
                    return await work(piece => pieces.Writer.TryWrite(piece), ct).ConfigureAwait(false);
                }
                finally
                {
                    pieces.Writer.TryComplete();
                }
            },
            ct);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        await foreach (string piece in pieces.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            await LineAsync(context, JsonSerializer.Serialize(new StreamDelta(piece), ServerJsonContext.Default.StreamDelta), ct).ConfigureAwait(false);
        }

        string last;
        try
        {
            last = JsonSerializer.Serialize(await running.ConfigureAwait(false), type);
        }
        catch (LlmException ex)
        {
            last = JsonSerializer.Serialize(new ApiError(ex.Message), ServerJsonContext.Default.ApiError);
        }

        await LineAsync(context, last, ct).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task LineAsync(HttpContext context, string json, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(json + "\n", cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpContext context, WorkspaceEvent e, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(e, ServerJsonContext.Default.WorkspaceEvent) + "\n\n", cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
