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
    [property: JsonPropertyName("id")] long Id = 0)
{
    public static WorkerRequest From(string path, ExtractOptions o) =>
        new(path, o.Languages, o.TessdataPath, o.Jobs, o.IncludeWords, o.Password, o.MaxImagePixels, o.DetectOrientation);

    public ExtractOptions ToOptions() => new()
    {
        Languages = Languages,
        TessdataPath = Tessdata,
        Jobs = Jobs,
        IncludeWords = Words,
        Password = Password,
        MaxImagePixels = MaxPixels,
        DetectOrientation = Orientation,
    };
}

/// <summary>A worker's answer: the document, or the error that stopped it.</summary>
internal sealed record WorkerResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("document")] DocumentJson? Document,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorKind")] ExtractionErrorKind ErrorKind);
