using System.Text.Json.Serialization;

// The JSON property names and docs/json.md document these records' members.
#pragma warning disable CS1591

namespace DocAssist.App.Batch;

/// <summary>The JSON shape of <c>report.json</c>: what a batch run did, for scripts.</summary>
public sealed record BatchReportJson(
    [property: JsonPropertyName("schemaVersion")] int Version,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("shard")] string? Shard,
    [property: JsonPropertyName("startedAt")] DateTime StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTime FinishedAt,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("interrupted")] bool Interrupted,
    [property: JsonPropertyName("options")] BatchOptionsJson Options,
    [property: JsonPropertyName("counts")] BatchCountsJson Counts,
    [property: JsonPropertyName("meanConfidence")] double? MeanConfidence,
    [property: JsonPropertyName("pagesPerSecond")] double PagesPerSecond,
    [property: JsonPropertyName("documents")] IReadOnlyList<DocumentReportJson> Documents,
    [property: JsonPropertyName("notStarted")] IReadOnlyList<string> NotStarted,
    [property: JsonPropertyName("failures")] IReadOnlyList<FailureJson> Failures,
    [property: JsonPropertyName("ignored")] IReadOnlyList<IgnoredJson> Ignored,
    [property: JsonPropertyName("egress")] EgressJson Egress,
    [property: JsonPropertyName("missingSummaries")] IReadOnlyList<FailureJson> MissingSummaries);

/// <summary>The options that shaped the outputs.</summary>
public sealed record BatchOptionsJson(
    [property: JsonPropertyName("languages")] string Languages,
    [property: JsonPropertyName("searchablePdf")] bool SearchablePdf,
    [property: JsonPropertyName("pageTimeoutSeconds")] double PageTimeoutSeconds,
    [property: JsonPropertyName("jobs")] int Jobs,
    [property: JsonPropertyName("optionsHash")] string OptionsHash);

/// <summary>Counts over the documents of this batch (this shard, when sharded); the page counts are the sums of the documents' rows.</summary>
public sealed record BatchCountsJson(
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("timedOut")] int TimedOut,
    [property: JsonPropertyName("processedThisRun")] int ProcessedThisRun,
    [property: JsonPropertyName("skippedAlreadyDone")] int SkippedAlreadyDone,
    [property: JsonPropertyName("notStarted")] int NotStarted,
    [property: JsonPropertyName("notReached")] int NotReached,
    [property: JsonPropertyName("unsupported")] int Unsupported,
    [property: JsonPropertyName("otherShards")] int OtherShards,
    [property: JsonPropertyName("pages")] int Pages,
    [property: JsonPropertyName("textLayerPages")] int TextLayerPages,
    [property: JsonPropertyName("ocrPages")] int OcrPages,
    [property: JsonPropertyName("mixedPages")] int MixedPages,
    [property: JsonPropertyName("emptyPages")] int EmptyPages,
    [property: JsonPropertyName("failedPages")] int FailedPages,
    [property: JsonPropertyName("timedOutPages")] int TimedOutPages,
    [property: JsonPropertyName("pagesThisRun")] int PagesThisRun);

/// <summary>One document's line in the report.</summary>
public sealed record DocumentReportJson(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("thisRun")] bool ThisRun,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("pages")] int Pages,
    [property: JsonPropertyName("textLayerPages")] int TextLayerPages,
    [property: JsonPropertyName("ocrPages")] int OcrPages,
    [property: JsonPropertyName("mixedPages")] int MixedPages,
    [property: JsonPropertyName("emptyPages")] int EmptyPages,
    [property: JsonPropertyName("failedPages")] int FailedPages,
    [property: JsonPropertyName("timedOutPages")] int TimedOutPages,
    [property: JsonPropertyName("meanConfidence")] double? MeanConfidence,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("warnings")] int Warnings,
    [property: JsonPropertyName("outputs")] IReadOnlyList<string> Outputs,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorKind")] string? ErrorKind,
    [property: JsonPropertyName("summaryError")] string? SummaryError = null)
{
    /// <summary>Gets the row's page counts, which the report's totals add up.</summary>
    [JsonIgnore]
    internal PageCounts PageCounts => new(Pages, TextLayerPages, OcrPages, MixedPages, EmptyPages, FailedPages, TimedOutPages, MeanConfidence);

    /// <summary>Makes a row whose page columns are the document's counts.</summary>
    internal static DocumentReportJson Create(
        string path, string status, bool thisRun, string? kind, PageCounts p, double seconds, int warnings, IReadOnlyList<string> outputs,
        string? error, string? errorKind, string? summaryError) =>
        new(path, status, thisRun, kind, p.Pages, p.TextLayer, p.Ocr, p.Mixed, p.Empty, p.Failed, p.TimedOut, p.MeanConfidence, seconds, warnings, outputs, error, errorKind, summaryError);
}

/// <summary>A failed document and why.</summary>
public sealed record FailureJson(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>An entry left out on purpose.</summary>
public sealed record IgnoredJson(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>What left the machine during the run: batch extraction runs on this machine, so the ledger is empty unless a model was asked (<c>--summarize</c>).</summary>
public sealed record EgressJson(
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("bytesSent")] long BytesSent,
    [property: JsonPropertyName("entries")] IReadOnlyList<string> Entries,
    [property: JsonPropertyName("note")] string Note);

/// <summary>Source-generated JSON metadata for the batch's manifest and report.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ManifestRecord))]
[JsonSerializable(typeof(BatchReportJson))]
internal sealed partial class BatchJsonContext : JsonSerializerContext;
