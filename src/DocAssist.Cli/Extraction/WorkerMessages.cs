using System.Text.Json.Serialization;
using DocAssist.Cli.Output;
using DocAssist.Core;

namespace DocAssist.Cli.Extraction;

/// <summary>One document to extract, sent from the supervisor to a worker process as a JSON line.</summary>
internal sealed record WorkerRequest(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("languages")] string Languages,
    [property: JsonPropertyName("tessdata")] string? Tessdata,
    [property: JsonPropertyName("jobs")] int Jobs,
    [property: JsonPropertyName("words")] bool Words,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("maxPixels")] long MaxPixels,
    [property: JsonPropertyName("orientation")] bool Orientation,
    [property: JsonPropertyName("id")] long Id = 0,
    [property: JsonPropertyName("pageTimeoutSeconds")] double? PageTimeoutSeconds = null,
    [property: JsonPropertyName("searchablePdf")] string? SearchablePdf = null,
    [property: JsonPropertyName("progress")] bool Progress = false)
{
    public static WorkerRequest From(string path, ExtractOptions o, string? searchablePdf = null, bool progress = false) =>
        new(path, o.Languages, o.TessdataPath, o.Jobs, o.IncludeWords, o.Password, o.MaxImagePixels, o.DetectOrientation, 0,
            o.PageTimeout?.TotalSeconds, searchablePdf, progress);

    public ExtractOptions ToOptions() => new()
    {
        Languages = Languages,
        TessdataPath = Tessdata,
        Jobs = Jobs,
        IncludeWords = Words,
        Password = Password,
        MaxImagePixels = MaxPixels,
        DetectOrientation = Orientation,
        PageTimeout = PageTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
}

/// <summary>A worker's answer: the document, or the error that stopped it; or, when <see cref="PagesDone"/> is set, only news that another page of the request is done.</summary>
internal sealed record WorkerResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("document")] DocumentJson? Document,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorKind")] ExtractionErrorKind ErrorKind,
    [property: JsonPropertyName("pagesDone"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PagesDone = null);
