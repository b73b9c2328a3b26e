using System.Text.Json.Serialization;
using DocAssist.App.Extraction;
using DocAssist.App.Output;

namespace DocAssist.Server;

/// <summary>Source-generated JSON metadata for the API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PageJson))]
[JsonSerializable(typeof(LibraryDocument))]
[JsonSerializable(typeof(List<LibraryDocument>))]
[JsonSerializable(typeof(WorkspaceEvent))]
[JsonSerializable(typeof(AskRequest))]
[JsonSerializable(typeof(AskResponse))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(SummaryResponse))]
[JsonSerializable(typeof(PrivacyResponse))]
[JsonSerializable(typeof(StreamDelta))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(List<PageSummary>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>One server-sent event: a document's status or progress changed.</summary>
/// <param name="Document">The document's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="PagesDone">Pages read so far, while processing.</param>
/// <param name="Pages">Its page count, once done.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Page">The page just finished, while processing.</param>
internal sealed record WorkspaceEvent(string Document, string Status, int? PagesDone = null, int? Pages = null, string? Error = null, FinishedPage? Page = null);

/// <summary>A page just finished while its document is read (in a <c>processing</c> event).</summary>
/// <param name="Number">The 1-based page number (pages finish in any order).</param>
/// <param name="Source"><c>text-layer</c>, <c>ocr</c>, <c>mixed</c> or <c>none</c>.</param>
/// <param name="Confidence">The OCR's mean word confidence (0–100, one decimal), or <see langword="null"/> for text-layer and empty pages.</param>
/// <param name="Unreliable">Whether the OCR of the page is doubtful (a script no installed model reads).</param>
internal sealed record FinishedPage(int Number, string Source, float? Confidence, bool Unreliable)
{
    public static FinishedPage From(PageDone done) =>
        new(done.Number, PageJson.SourceName(done.Source), done.Confidence is { } c ? MathF.Round(c, 1) : null, done.IsUnreliable);
}

/// <summary>The body of <c>POST /api/ask</c>.</summary>
/// <param name="Question">The question.</param>
/// <param name="Documents">The documents asked about (ids); <see langword="null"/> or empty: the whole library.</param>
internal sealed record AskRequest(string? Question, IReadOnlyList<string>? Documents);

/// <summary>The answer of <c>POST /api/ask</c>.</summary>
/// <param name="Answer">The answer text, citing passages as <c>[n]</c>.</param>
/// <param name="Mode"><c>model</c> or <c>extractive</c>.</param>
/// <param name="Citations">The cited passages.</param>
/// <param name="Warnings">Notes on the answer.</param>
/// <param name="Egress">What this answer sent, and where (nothing off the machine with a local model or none).</param>
internal sealed record AskResponse(string Answer, string Mode, IReadOnlyList<AskCitation> Citations, IReadOnlyList<string> Warnings, EgressReport Egress);

/// <summary>A document's summary (<c>POST /api/documents/{id}/summary</c>).</summary>
/// <param name="Summary">The summary (Markdown; an extractive one says so in its first line).</param>
/// <param name="Mode"><c>model</c> or <c>extractive</c>.</param>
/// <param name="Model">The model that wrote it, or <see langword="null"/>.</param>
/// <param name="Notices">Notes on it (made in parts, model lost).</param>
/// <param name="Egress">What making it sent, and where.</param>
/// <param name="Made">When it was made (UTC, ISO 8601).</param>
internal sealed record SummaryResponse(string Summary, string Mode, string? Model, IReadOnlyList<string> Notices, EgressReport Egress, string Made);

/// <summary>What one answer or summary sent over the network.</summary>
/// <param name="BytesLeftMachine">Bytes sent to destinations off this machine.</param>
/// <param name="Sent">Each destination that was sent bytes.</param>
internal sealed record EgressReport(long BytesLeftMachine, IReadOnlyList<EgressSend> Sent);

/// <summary>Bytes sent to one destination.</summary>
/// <param name="Destination">Host and port.</param>
/// <param name="ThisMachine">Whether it is this machine (a loopback address).</param>
/// <param name="Bytes">Bytes sent.</param>
internal sealed record EgressSend(string Destination, bool ThisMachine, long Bytes);

/// <summary>The privacy line (<c>GET /api/privacy</c>).</summary>
/// <param name="Policy">The egress policy (<c>local</c>, <c>eu</c>, <c>allowlist</c>, <c>any</c>).</param>
/// <param name="Provider">The model's provider, or <see langword="null"/> when no model is reachable (answers are extractive).</param>
/// <param name="Model">The model's name.</param>
/// <param name="Endpoint">Where the model is (scheme, host, port).</param>
/// <param name="ThisMachine">Whether questions and summaries stay on this machine.</param>
/// <param name="BytesLeftMachine">Bytes sent off this machine since the server started.</param>
/// <param name="Notices">How the model was chosen, or why there is none.</param>
internal sealed record PrivacyResponse(string Policy, string? Provider, string? Model, string? Endpoint, bool ThisMachine, long BytesLeftMachine, IReadOnlyList<string> Notices);

/// <summary>One piece of a streamed answer or summary (a line of <c>application/x-ndjson</c>).</summary>
/// <param name="Delta">The text that came next.</param>
internal sealed record StreamDelta(string Delta);

/// <summary>Where words occur in a document (<c>GET /api/documents/{id}/search?q=</c>).</summary>
/// <param name="Query">The words searched for.</param>
/// <param name="Matches">Each occurrence, in page order.</param>
internal sealed record SearchResponse(string Query, IReadOnlyList<SearchMatch> Matches);

/// <summary>One occurrence of the searched words.</summary>
/// <param name="Page">The 1-based page.</param>
/// <param name="Text">The words around it on the page.</param>
/// <param name="Boxes">The matched words' boxes as [left, top, right, bottom], in the page's unit.</param>
internal sealed record SearchMatch(int Page, string Text, IReadOnlyList<int[]> Boxes);

/// <summary>A cited passage.</summary>
/// <param name="N">Its number in the answer.</param>
/// <param name="Document">The document's id.</param>
/// <param name="Name">The document's file name.</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="Text">The passage.</param>
/// <param name="Boxes">Its lines on the page as [left, top, right, bottom], in the page's unit.</param>
internal sealed record AskCitation(int N, string Document, string Name, int Page, string Text, IReadOnlyList<int[]> Boxes);

/// <summary>Where a page's text came from (<c>GET /api/documents/{id}/pages</c>).</summary>
/// <param name="Number">The 1-based page number.</param>
/// <param name="Source"><c>text-layer</c>, <c>ocr</c>, <c>mixed</c> or <c>none</c>.</param>
/// <param name="Confidence">The OCR's mean word confidence (0–100), or <see langword="null"/> for text-layer pages.</param>
/// <param name="Empty">Whether the page has no text.</param>
/// <param name="Unreliable">Whether the OCR of the page is doubtful (a script no installed model reads).</param>
internal sealed record PageSummary(int Number, string Source, float? Confidence, bool Empty, bool Unreliable);

/// <summary>An API error.</summary>
/// <param name="Error">One sentence saying what is wrong.</param>
internal sealed record ApiError(string Error);
