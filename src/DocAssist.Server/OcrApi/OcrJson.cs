using System.Text.Json.Serialization;

namespace DocAssist.Server.OcrApi;

// The shapes of Mistral's OCR API (`POST /v1/ocr`) and its files API, as the official client @mistralai/mistralai 2.7.0 reads them
// (src/models/components/ocr*.ts, createfileresponse.ts, getfileresponse.ts, deletefileresponse.ts, getsignedurlresponse.ts).

/// <summary>Source-generated JSON metadata for the OCR API (snake_case, as the provider's).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OcrResponse))]
[JsonSerializable(typeof(OcrError))]
[JsonSerializable(typeof(FileObject))]
[JsonSerializable(typeof(FileDeleted))]
[JsonSerializable(typeof(SignedUrl))]
internal sealed partial class OcrJsonContext : JsonSerializerContext;

/// <summary>The answer of <c>POST /v1/ocr</c>.</summary>
internal sealed record OcrResponse(IReadOnlyList<OcrPage> Pages, string Model, OcrUsage UsageInfo)
{
    /// <summary>Gets the document annotation: always <see langword="null"/> (annotations need a vision model).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? DocumentAnnotation { get; init; }
}

/// <summary>One page: its 0-based index, its text as Markdown, and what was asked for besides.</summary>
internal sealed record OcrPage(int Index, string Markdown, IReadOnlyList<OcrImage> Images, OcrDimensions? Dimensions)
{
    /// <summary>Gets the running header, when asked to extract it (then it is not in <see cref="Markdown"/>).</summary>
    public string? Header { get; init; }

    /// <summary>Gets the running footer (and page number), when asked to extract it.</summary>
    public string? Footer { get; init; }

    /// <summary>Gets the OCR's confidences, when asked; <see langword="null"/> for text-layer text, which has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public OcrConfidence? ConfidenceScores { get; init; }

    /// <summary>Gets the page's blocks with their boxes, when asked (<c>include_blocks</c>).</summary>
    public IReadOnlyList<OcrBlock>? Blocks { get; init; }
}

/// <summary>An image embedded in a page, its box in the page's <see cref="OcrDimensions"/> frame.</summary>
internal sealed record OcrImage(string Id, int? TopLeftX, int? TopLeftY, int? BottomRightX, int? BottomRightY)
{
    /// <summary>Gets the image as a data URL, when asked (<c>include_image_base64</c>).</summary>
    public string? ImageBase64 { get; init; }
}

/// <summary>A page's size: pixels at <see cref="Dpi"/> (a PDF page: points, 72 per inch).</summary>
internal sealed record OcrDimensions(int Dpi, int Height, int Width);

/// <summary>What was processed.</summary>
internal sealed record OcrUsage(int PagesProcessed, long? DocSizeBytes);

/// <summary>A page's confidences, 0 to 1 (Tesseract's word confidences over 100).</summary>
internal sealed record OcrConfidence(double AveragePageConfidenceScore, double MinimumPageConfidenceScore)
{
    /// <summary>Gets each word's confidence and where it starts in the page's Markdown, for <c>word</c> granularity.</summary>
    public IReadOnlyList<OcrWordConfidence>? WordConfidenceScores { get; init; }
}

/// <summary>One word's confidence.</summary>
internal sealed record OcrWordConfidence(string Text, double Confidence, int StartIndex);

/// <summary>A block of a page (<c>text</c>, <c>header</c> or <c>footer</c>), its box in the page's <see cref="OcrDimensions"/> frame.</summary>
internal sealed record OcrBlock(string Type, string Content, int TopLeftX, int TopLeftY, int BottomRightX, int BottomRightY);

/// <summary>An error, as the provider's (the official clients show <see cref="Message"/>).</summary>
internal sealed record OcrError(string Message, string? Param)
{
    /// <summary>Gets the object type.</summary>
    public string Object { get; init; } = "error";

    /// <summary>Gets the error type.</summary>
    public string Type { get; init; } = "invalid_request_error";
}

/// <summary>A file of the files API.</summary>
internal sealed record FileObject(string Id, long Bytes, long CreatedAt, string Filename, string Purpose, string? Mimetype)
{
    /// <summary>Gets the object type.</summary>
    public string Object { get; init; } = "file";

    /// <summary>Gets the sample type (the provider's field; meaningless here).</summary>
    public string SampleType { get; init; } = "instruct";

    /// <summary>Gets where the file came from.</summary>
    public string Source { get; init; } = "upload";

    /// <summary>Gets whether it was deleted (only on retrieval).</summary>
    public bool? Deleted { get; init; }
}

/// <summary>The answer of <c>DELETE /v1/files/{id}</c>.</summary>
internal sealed record FileDeleted(string Id, bool Deleted)
{
    /// <summary>Gets the object type.</summary>
    public string Object { get; init; } = "file";
}

/// <summary>A URL that serves a file without the token, until it expires.</summary>
internal sealed record SignedUrl(string Url);
