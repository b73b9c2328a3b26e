using System.Text.Json.Serialization;
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
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>One server-sent event: a document's status or progress changed.</summary>
/// <param name="Document">The document's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="PagesDone">Pages read so far, while processing.</param>
/// <param name="Pages">Its page count, once done.</param>
/// <param name="Error">Why it failed.</param>
internal sealed record WorkspaceEvent(string Document, string Status, int? PagesDone = null, int? Pages = null, string? Error = null);

/// <summary>The body of <c>POST /api/ask</c>.</summary>
/// <param name="Question">The question.</param>
/// <param name="Documents">The documents asked about (ids); <see langword="null"/> or empty: the whole library.</param>
internal sealed record AskRequest(string? Question, IReadOnlyList<string>? Documents);

/// <summary>The answer of <c>POST /api/ask</c>.</summary>
/// <param name="Answer">The answer text, citing passages as <c>[n]</c>.</param>
/// <param name="Mode"><c>model</c> or <c>extractive</c>.</param>
/// <param name="Citations">The cited passages.</param>
/// <param name="Warnings">Notes on the answer.</param>
/// <param name="BytesLeftMachine">Bytes this answer sent off the machine (0 with a local model or none).</param>
internal sealed record AskResponse(string Answer, string Mode, IReadOnlyList<AskCitation> Citations, IReadOnlyList<string> Warnings, long BytesLeftMachine);

/// <summary>A cited passage.</summary>
/// <param name="N">Its number in the answer.</param>
/// <param name="Document">The document's id.</param>
/// <param name="Name">The document's file name.</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="Text">The passage.</param>
/// <param name="Boxes">Its lines on the page as [left, top, right, bottom], in the page's unit.</param>
internal sealed record AskCitation(int N, string Document, string Name, int Page, string Text, IReadOnlyList<int[]> Boxes);

/// <summary>An API error.</summary>
/// <param name="Error">One sentence saying what is wrong.</param>
internal sealed record ApiError(string Error);
