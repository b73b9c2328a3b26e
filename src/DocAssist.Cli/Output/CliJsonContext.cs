using System.Text.Json.Serialization;
using DocAssist.Cli.Extraction;

namespace DocAssist.Cli.Output;

/// <summary>Source-generated JSON metadata for everything the CLI reads or writes.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DocumentJson))]
[JsonSerializable(typeof(List<DocumentJson>))]
[JsonSerializable(typeof(WorkerRequest))]
[JsonSerializable(typeof(WorkerResponse))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
