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

/// <summary>A worker's answer: the document, or the error that stopped it; or, when <see cref="PagesDone"/> is set, only news that another page of
/// the request is done: the count so far and, in <see cref="Page"/>, which page and where its text came from (a line without it still shows the
/// worker is alive, and is not reported as a page).</summary>
internal sealed record WorkerResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("document")] DocumentJson? Document,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorKind")] ExtractionErrorKind ErrorKind,
    [property: JsonPropertyName("pagesDone"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PagesDone = null,
    [property: JsonPropertyName("page"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WorkerPage? Page = null)
{
    /// <summary>The progress line for one finished page.</summary>
    public static WorkerResponse Progress(long id, PageDone done) =>
        new(id, null, null, ExtractionErrorKind.None, done.PagesDone, new WorkerPage(done.Number, PageJson.SourceName(done.Source), done.Confidence, done.IsUnreliable));

    /// <summary>The page news of a progress line, or <see langword="null"/> when it names no page.</summary>
    public PageDone? ToPageDone() => PagesDone is { } count && Page is { } page
        ? new PageDone(count, page.Number, PageJson.ParseSource(page.Source), page.Confidence, page.Unreliable)
        : null;
}

/// <summary>A finished page in a progress line: its number, its source as in the JSON output (<c>text-layer</c>, <c>ocr</c>, <c>mixed</c>,
/// <c>none</c>), the OCR's confidence and whether the OCR is doubtful.</summary>
internal sealed record WorkerPage(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("confidence")] float? Confidence,
    [property: JsonPropertyName("unreliable")] bool Unreliable);
