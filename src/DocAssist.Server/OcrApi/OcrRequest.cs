using System.Globalization;
using System.Text.Json;

namespace DocAssist.Server.OcrApi;

/// <summary>A <c>POST /v1/ocr</c> request, read from its JSON with every option DocAssist cannot honour refused by name.</summary>
internal sealed record OcrRequest
{
    /// <summary>The model echoed back when the request names none.</summary>
    public const string DefaultModel = "docassist-tesseract";

    // Options that need a vision model: refused, not ignored.
    private static readonly string[] Unsupported = ["bbox_annotation_format", "document_annotation_format", "document_annotation_prompt"];

    public required string Model { get; init; }

    /// <summary>Gets where the document is: a <c>data:</c> or http(s) URL, or a file id.</summary>
    public required OcrSource Document { get; init; }

    /// <summary>Gets the 0-based pages asked for, or <see langword="null"/> for all.</summary>
    public IReadOnlySet<int>? Pages { get; init; }

    public bool IncludeImageBase64 { get; init; }

    public int? ImageLimit { get; init; }

    public int? ImageMinSize { get; init; }

    public bool ExtractHeader { get; init; }

    public bool ExtractFooter { get; init; }

    public bool IncludeBlocks { get; init; }

    /// <summary>Gets <c>page</c>, <c>word</c> or <see langword="null"/> (no confidences).</summary>
    public string? ConfidenceGranularity { get; init; }

    /// <summary>Reads a request.</summary>
    /// <param name="root">The request's JSON.</param>
    /// <returns>The request.</returns>
    /// <exception cref="OcrRequestException">Something in it is wrong or cannot be honoured; the message names the field.</exception>
    public static OcrRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new OcrRequestException("the body must be a JSON object with `model` and `document`.", null);
        }

        foreach (string name in Unsupported)
        {
            if (root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null)
            {
                throw new OcrRequestException($"`{name}` is not supported: annotations need a vision model, and DocAssist reads pages with Tesseract on this machine.", name);
            }
        }

        if (String(root, "table_format") is { } table && table is not ("markdown" or "html"))
        {
            throw new OcrRequestException($"`table_format` '{table}' is not one of markdown, html.", "table_format");
        }

        string? granularity = String(root, "confidence_scores_granularity");
        if (granularity is not (null or "page" or "word"))
        {
            throw new OcrRequestException($"`confidence_scores_granularity` '{granularity}' is not supported: use page or word.", "confidence_scores_granularity");
        }

        return new OcrRequest
        {
            Model = String(root, "model") ?? DefaultModel,
            Document = root.TryGetProperty("document", out JsonElement document) ? OcrSource.Parse(document)
                : throw new OcrRequestException("`document` is missing: give a document_url, an image_url or a file id.", "document"),
            Pages = ParsePages(root),
            IncludeImageBase64 = Bool(root, "include_image_base64"),
            ImageLimit = Int(root, "image_limit"),
            ImageMinSize = Int(root, "image_min_size"),
            ExtractHeader = Bool(root, "extract_header"),
            ExtractFooter = Bool(root, "extract_footer"),
            IncludeBlocks = Bool(root, "include_blocks"),
            ConfidenceGranularity = granularity,
        };
    }

    // `pages`: a list of 0-based numbers, or a string of numbers and ranges ("0-2,5").
    private static HashSet<int>? ParsePages(JsonElement root)
    {
        if (!root.TryGetProperty("pages", out JsonElement pages) || pages.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var set = new HashSet<int>();
        if (pages.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement n in pages.EnumerateArray())
            {
                set.Add(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out int page) && page >= 0
                    ? page
                    : throw new OcrRequestException($"`pages` must hold 0-based page numbers; {n.GetRawText()} is not one.", "pages"));
            }

            return set;
        }

        string text = pages.ValueKind == JsonValueKind.String ? pages.GetString()! : throw new OcrRequestException("`pages` must be a list of numbers or a string such as \"0-2,5\".", "pages");
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2 || !ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new OcrRequestException($"`pages` '{text}': '{part}' is not a 0-based page number or range such as 0-2.", "pages");
            }

            int from = int.Parse(ends[0], CultureInfo.InvariantCulture), to = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (to < from || to - from > 100_000)
            {
                throw new OcrRequestException($"`pages` '{text}': the range '{part}' is backwards or too long.", "pages");
            }

            for (int p = from; p <= to; p++)
            {
                set.Add(p);
            }
        }

        return set;
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.True;

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : null;
}

/// <summary>Where the document of an OCR request is.</summary>
/// <param name="Url">A <c>data:</c> or http(s) URL, or <see langword="null"/> for an uploaded file.</param>
/// <param name="FileId">The uploaded file's id, or <see langword="null"/>.</param>
/// <param name="IsImage">Whether it was given as an <c>image_url</c>.</param>
internal sealed record OcrSource(string? Url, string? FileId, bool IsImage)
{
    public static OcrSource Parse(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new OcrRequestException("`document` must be an object: {\"type\": \"document_url\", \"document_url\": …}, an image_url or a file.", "document");
        }

        string? type = document.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()
            : document.TryGetProperty("document_url", out _) ? "document_url"
            : document.TryGetProperty("image_url", out _) ? "image_url"
            : document.TryGetProperty("file_id", out _) ? "file" : null;
        return type switch
        {
            "document_url" => new OcrSource(Text(document, "document_url"), null, false),
            "image_url" => new OcrSource(
                document.TryGetProperty("image_url", out JsonElement image) && image.ValueKind == JsonValueKind.Object ? Text(image, "url") : Text(document, "image_url"),
                null,
                true),
            "file" => new OcrSource(null, Text(document, "file_id"), false),
            _ => throw new OcrRequestException($"`document.type` '{type}' is not one of document_url, image_url, file.", "document.type"),
        };
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new OcrRequestException($"`{name}` is missing or not a string.", name);
}

/// <summary>A request DocAssist cannot serve as asked; the message names the field.</summary>
internal sealed class OcrRequestException(string message, string? param, int status = 400) : Exception(message)
{
    public string? Param { get; } = param;

    public int Status { get; } = status;
}
