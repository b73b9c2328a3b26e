using System.Text.Json.Serialization;
using DocAssist.App.Extraction;

namespace DocAssist.App.Output;

/// <summary>Source-generated JSON metadata for the documents and the worker protocol.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DocumentJson))]
[JsonSerializable(typeof(ExtractJson))]
[JsonSerializable(typeof(WorkerRequest))]
[JsonSerializable(typeof(WorkerResponse))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
