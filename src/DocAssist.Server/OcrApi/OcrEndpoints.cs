using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DocAssist.App.Extraction;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Llm.Egress;
using ImageMagick;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DocAssist.Server.OcrApi;

/// <summary>A drop-in replacement for Mistral's OCR API on <c>docassist serve</c>: <c>POST /v1/ocr</c> and the files endpoints its clients'
/// upload flow uses, computed on this machine. An application switches by changing its base URL and passing the server's token as its key.</summary>
/// <remarks>Nothing sent to <c>/v1/ocr</c> is kept: the document is read from a temporary file, deleted after. Files uploaded to
/// <c>/v1/files</c> are kept in the library until deleted.</remarks>
internal static class OcrEndpoints
{
    private static readonly TimeSpan DefaultExpiry = TimeSpan.FromHours(24);

    public static void Map(WebApplication app, Workspace workspace, ServerOptions options)
    {
        byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes("docassist signed file URLs\n" + options.Token));

        app.MapPost("/v1/ocr", async (HttpContext context) =>
        {
            try
            {
                // A document travels as base64 inside the JSON: a third larger than the upload limit, plus the rest of the request.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = (options.MaxUploadBytes * 4 / 3) + (1024 * 1024);
                }

                OcrRequest request;
                try
                {
                    using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                    request = OcrRequest.Parse(body.RootElement);
                }
                catch (JsonException ex)
                {
                    throw new OcrRequestException($"the body is not valid JSON ({ex.Message}).", null);
                }
                catch (BadHttpRequestException)
                {
                    throw new OcrRequestException($"the request is larger than the limit for a document of {options.MaxUploadBytes / (1024 * 1024)} MB.", "document", StatusCodes.Status413PayloadTooLarge);
                }

                // This server's own signed file URL (the upload flow's) is read from the library, not downloaded from itself.
                string? OwnFile(Uri url) =>
                    string.Equals(url.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
                    && url.AbsolutePath.Split('/') is ["", "v1", "files", { } id, "content"]
                    && SignatureOf(url) is var (expires, signature) && SignatureValid(key, Uri.UnescapeDataString(id), expires, signature)
                        ? Uri.UnescapeDataString(id)
                        : null;
                return Json(await ProcessAsync(request, workspace, options, OwnFile, context.RequestAborted), OcrJsonContext.Default.OcrResponse);
            }
            catch (OcrRequestException ex)
            {
                return Error(ex.Status, ex.Message, ex.Param);
            }
        });

        app.MapPost("/v1/files", async (HttpContext context) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return Error(StatusCodes.Status400BadRequest, "send the file as multipart/form-data, field `file`.", "file");
            }

            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"the file is larger than the limit of {options.MaxUploadBytes / (1024 * 1024)} MB, or not a readable form.", "file");
            }

            string purpose = form["purpose"].ToString() is { Length: > 0 } p ? p : "ocr";
            if (purpose != "ocr")
            {
                return Error(StatusCodes.Status400BadRequest, $"`purpose` '{purpose}' is not supported here: only ocr.", "purpose");
            }

            if (form.Files.GetFile("file") is not { Length: > 0 } file)
            {
                return Error(StatusCodes.Status400BadRequest, "the form has no `file`, or it is empty.", "file");
            }

            (string hash, long size) = await WorkspaceServer.StoreAsync(workspace.Library, file, context.RequestAborted);
            StoredFile stored = workspace.Library.AddFile(WorkspaceServer.SafeName(file.FileName), hash, size, purpose);
            return Json(ToObject(stored, deleted: null), OcrJsonContext.Default.FileObject);
        });

        app.MapGet("/v1/files/{id}", (string id) => workspace.Library.GetFile(id) is { } file
            ? Json(ToObject(file, deleted: false), OcrJsonContext.Default.FileObject)
            : NoFile(id));

        app.MapDelete("/v1/files/{id}", (string id) => workspace.Library.DeleteFile(id)
            ? Json(new FileDeleted(id, true), OcrJsonContext.Default.FileDeleted)
            : NoFile(id));

        app.MapGet("/v1/files/{id}/url", (string id, int? expiry, HttpContext context) =>
        {
            if (workspace.Library.GetFile(id) is null)
            {
                return NoFile(id);
            }

            long expires = DateTimeOffset.UtcNow.Add(expiry is > 0 and <= 24 * 365 ? TimeSpan.FromHours(expiry.Value) : DefaultExpiry).ToUnixTimeSeconds();
            string url = $"http://{context.Request.Host}/v1/files/{Uri.EscapeDataString(id)}/content?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Sign(key, id, expires)}";
            return Json(new SignedUrl(url), OcrJsonContext.Default.SignedUrl);
        });

        // The token's guard lets a request with a signature through; the signature is checked here.
        app.MapGet("/v1/files/{id}/content", (string id, long? expires, string? signature, HttpContext context) =>
        {
            bool bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);
            if (!bearer && !SignatureValid(key, id, expires, signature))
            {
                return Error(StatusCodes.Status403Forbidden, "this file URL's signature is wrong or has expired; ask /v1/files/{id}/url for a new one.", null);
            }

            return workspace.Library.GetFile(id) is { } file
                ? Results.File(workspace.Library.OriginalPath(file.Hash), "application/octet-stream", file.Filename)
                : NoFile(id);
        });
    }

    /// <summary>Tells whether a request may pass the token's guard on its signature alone (the signed file URL), to be checked by its endpoint.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Whether it is a signed file download.</returns>
    public static bool IsSignedDownload(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/v1/files", out PathString rest)
        && rest.Value is { } tail && tail.EndsWith("/content", StringComparison.Ordinal) && tail.Count(c => c == '/') == 2
        && request.Query.ContainsKey("signature");

    private static async Task<OcrResponse> ProcessAsync(
        OcrRequest request, Workspace workspace, ServerOptions options, Func<Uri, string?> ownFile, CancellationToken cancellationToken)
    {
        OcrSource source = request.Document is { Url: { } url } && Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && ownFile(uri) is { } own
            ? request.Document with { Url = null, FileId = own }
            : request.Document;
        (string path, long size, bool temporary) = await FetchAsync(source, workspace, options, cancellationToken);
        try
        {
            // Figures come out of the reading itself, in the worker that parses the file; `image_limit: 0` asks for none.
            ExtractionOutcome outcome = await workspace.ExtractAsync(path, includeFigures: request.ImageLimit is not <= 0, cancellationToken);
            if (outcome.Document is not { } document)
            {
                string reason = (outcome.Error ?? "could not be read.").Replace(path, "the document", StringComparison.Ordinal);
                throw new OcrRequestException(reason, "document", outcome.ErrorKind == ExtractionErrorKind.Config ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity);
            }

            if (request.Document.IsImage && document.Kind != DocumentKind.Image)
            {
                throw new OcrRequestException($"the image_url is not an image (it holds a {document.Kind.ToString().ToLowerInvariant()} document); send it as a document_url.", "document.image_url");
            }

            if (request.Pages is { } wanted && wanted.FirstOrDefault(p => p >= document.Pages.Count, -1) is var missing && missing >= 0)
            {
                throw new OcrRequestException($"`pages` asks for page {missing} (0-based), but the document has {document.Pages.Count} page(s): 0 to {document.Pages.Count - 1}.", "pages");
            }

            int dpi = document.Kind == DocumentKind.Image ? ImageDpi(path) : OcrPages.PointsDpi;
            Page[] asked = [.. document.Pages.Where(p => request.Pages is null || request.Pages.Contains(p.Number - 1))];
            IReadOnlyList<OcrImage>[] images = OcrPages.Images(asked, request);
            OcrPage[] pages = [.. asked.Select((p, i) => OcrPages.From(p, request, dpi, images[i]))];
            return new OcrResponse(pages, request.Model, new OcrUsage(pages.Length, size));
        }
        finally
        {
            if (temporary)
            {
                File.Delete(path);
            }
        }
    }

    // The document's bytes in a file: an uploaded file where it is stored; a data: URL decoded, or an http(s) URL downloaded through the
    // egress guard, into a temporary file.
    private static async Task<(string Path, long Size, bool Temporary)> FetchAsync(OcrSource source, Workspace workspace, ServerOptions options, CancellationToken cancellationToken)
    {
        if (source.FileId is { } id)
        {
            StoredFile file = workspace.Library.GetFile(id) ?? throw new OcrRequestException($"no file {id}; upload it with POST /v1/files.", "document.file_id", StatusCodes.Status404NotFound);
            return (workspace.Library.OriginalPath(file.Hash), file.Size, false);
        }

        string url = source.Url!;
        string param = source.IsImage ? "document.image_url" : "document.document_url";
        byte[] bytes;
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            bytes = DataUrl(url, param);
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
        {
            try
            {
                bytes = await workspace.DownloadAsync(uri, options.MaxUploadBytes, cancellationToken);
            }
            catch (Exception ex) when (EgressRefusal.TryFind(ex, out ConfigException refusal))
            {
                throw new OcrRequestException(refusal.Message, param, StatusCodes.Status403Forbidden);
            }
            catch (DownloadException ex)
            {
                throw new OcrRequestException($"{uri.GetLeftPart(UriPartial.Path)}: {ex.Message}", param, ex.Status);
            }
        }
        else
        {
            throw new OcrRequestException($"`{param[(param.IndexOf('.', StringComparison.Ordinal) + 1)..]}` must be a data: URL or an http(s) URL.", param);
        }

        if (bytes.Length == 0)
        {
            throw new OcrRequestException("the document is empty (0 bytes).", param);
        }

        if (bytes.Length > options.MaxUploadBytes)
        {
            throw new OcrRequestException($"the document is larger than the limit of {options.MaxUploadBytes / (1024 * 1024)} MB.", param, StatusCodes.Status413PayloadTooLarge);
        }

        string temp = workspace.TemporaryFile();
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
        return (temp, bytes.Length, true);
    }

    // data:[<media type>][;base64],<data>
    private static byte[] DataUrl(string url, string param)
    {
        int comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw new OcrRequestException("the data: URL has no comma before its data.", param);
        }

        string header = url[5..comma], data = url[(comma + 1)..];
        try
        {
            return header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(data)
                : Encoding.UTF8.GetBytes(Uri.UnescapeDataString(data));
        }
        catch (FormatException)
        {
            throw new OcrRequestException("the data: URL's base64 data is not valid base64.", param);
        }
    }

    // The pixels' density the image declares (OCR boxes are in its pixels); 72 when it declares none.
    private static int ImageDpi(string path)
    {
        try
        {
            var info = new MagickImageInfo(path);
            double dpi = info.Density?.ChangeUnits(DensityUnit.PixelsPerInch).X ?? 0;
            return dpi >= 1 ? (int)Math.Round(dpi) : OcrPages.PointsDpi;
        }
        catch (MagickException)
        {
            return OcrPages.PointsDpi;
        }
    }

    private static (long? Expires, string? Signature) SignatureOf(Uri url)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query);
        return (query.TryGetValue("expires", out var e) && long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null,
            query.TryGetValue("signature", out var s) ? s.ToString() : null);
    }

    private static bool SignatureValid(byte[] key, string id, long? expires, string? signature) =>
        expires is { } until && signature is not null && until >= DateTimeOffset.UtcNow.ToUnixTimeSeconds()
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(key, id, until)));

    private static string Sign(byte[] key, string id, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}\n{expires.ToString(CultureInfo.InvariantCulture)}")));

    private static FileObject ToObject(StoredFile file, bool? deleted) =>
        new(file.Id, file.Size, file.Created, file.Filename, file.Purpose, null) { Deleted = deleted };

    private static IResult NoFile(string id) => Error(StatusCodes.Status404NotFound, $"no file {id}.", "file_id");

    private static IResult Json<T>(T value, JsonTypeInfo<T> type) => Results.Json(value, type);

    private static IResult Error(int status, string message, string? param) =>
        Results.Json(new OcrError(message, param), OcrJsonContext.Default.OcrError, statusCode: status);
}
