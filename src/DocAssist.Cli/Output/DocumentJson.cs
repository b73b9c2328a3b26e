using System.Text.Json.Serialization;
using DocAssist.Core.Model;

namespace DocAssist.Cli.Output;

/// <summary>The JSON shape of one extracted document, stable for scripts.</summary>
internal sealed record DocumentJson(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("pages")] IReadOnlyList<PageJson> Pages,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("error")] string? Error = null)
{
    public static DocumentJson From(Document document) => new(
        document.File,
        document.Kind.ToString().ToLowerInvariant(),
        [.. document.Pages.Select(PageJson.From)],
        document.Warnings);

    public static DocumentJson Failed(string file, string error) => new(file, "unknown", [], [], error);

    public Document ToDocument() => new()
    {
        File = File,
        Kind = Enum.TryParse(Kind, ignoreCase: true, out DocumentKind kind) ? kind : DocumentKind.Unknown,
        Pages = [.. Pages.Select(p => p.ToPage())],
        Warnings = Warnings,
    };
}

/// <summary>The JSON shape of one page.</summary>
internal sealed record PageJson(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("confidence")] float? Confidence,
    [property: JsonPropertyName("rotation")] int Rotation,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("words"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WordJson>? Words,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings)
{
    public static PageJson From(Page page) => new(
        page.Number,
        SourceName(page.Source),
        page.Confidence is { } c ? MathF.Round(c, 1) : null,
        page.Rotation,
        page.Text,
        page.Words.Count == 0 ? null : [.. page.Words.Select(w => new WordJson(w.Text, w.Confidence, [w.Box.Left, w.Box.Top, w.Box.Right, w.Box.Bottom]))],
        page.Warnings);

    public static string SourceName(PageSource source) => source switch
    {
        PageSource.TextLayer => "text-layer",
        PageSource.Ocr => "ocr",
        _ => "none",
    };

    public Page ToPage() => new()
    {
        Number = Number,
        Source = Source switch { "text-layer" => PageSource.TextLayer, "ocr" => PageSource.Ocr, _ => PageSource.None },
        Confidence = Confidence,
        Rotation = Rotation,
        Text = Text,
        Words = Words is null ? [] : [.. Words.Select(w => new Word(w.Text, w.Confidence, new BoundingBox(w.Box[0], w.Box[1], w.Box[2], w.Box[3])))],
        Warnings = Warnings,
    };
}

/// <summary>The JSON shape of one word: text, confidence, box as [left, top, right, bottom].</summary>
internal sealed record WordJson(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("confidence")] float? Confidence,
    [property: JsonPropertyName("box")] int[] Box);
