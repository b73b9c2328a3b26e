using System.Text.Json.Serialization;
using DocAssist.Core.Model;

namespace DocAssist.App.Extraction;

/// <summary>Why a document could not be extracted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExtractionErrorKind>))]
public enum ExtractionErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The file is damaged, unreadable, encrypted or of an unsupported type: the user's input is at fault.</summary>
    Input,

    /// <summary>A setting is wrong (e.g. a missing language file): every further file would fail the same way.</summary>
    Config,

    /// <summary>The reader crashed or timed out on this file.</summary>
    Crash,
}

/// <summary>The result of extracting one input: a document or a one-line reason.</summary>
public sealed record ExtractionOutcome(string Path, Document? Document, string? Error, ExtractionErrorKind ErrorKind)
{
    /// <summary>Gets a value indicating whether the document was read.</summary>
    public bool Succeeded => Document is not null;
}
