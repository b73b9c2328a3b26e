using System.Text.Json.Serialization;
using DocAssist.App.Output;
using DocAssist.Core;

namespace DocAssist.App.Extraction;

/// <summary>One document to extract, sent from the supervisor to a worker process as a JSON line; the options travel whole, as the one options type.</summary>
internal sealed record WorkerRequest(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("options")] ExtractOptions Options,
    [property: JsonPropertyName("id")] long Id = 0,
    [property: JsonPropertyName("searchablePdf")] string? SearchablePdf = null,
    [property: JsonPropertyName("progress")] bool Progress = false);

/// <summary>A worker's answer: the document, or the error that stopped it; or, when <see cref="PagesDone"/> is set, only news that another page of the request is done.</summary>
internal sealed record WorkerResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("document")] DocumentJson? Document,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorKind")] ExtractionErrorKind ErrorKind,
    [property: JsonPropertyName("pagesDone"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PagesDone = null);
