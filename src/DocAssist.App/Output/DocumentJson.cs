using System.Text.Json.Serialization;
using DocAssist.Core.Model;

// The JSON property names and docs/json.md document these records' members.
#pragma warning disable CS1591

namespace DocAssist.App.Output;

/// <summary>The JSON shape of one extracted document, stable for scripts.</summary>
public sealed record DocumentJson(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("pages")] IReadOnlyList<PageJson> Pages,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonPropertyName("errorKind"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorKind = null)
{
    /// <summary>The version of the JSON shapes of every command's <c>--json</c> output (<c>schemaVersion</c>; see <c>docs/json.md</c>).</summary>
    public const int SchemaVersion = 1;

    public static DocumentJson From(Document document) => new(
        document.File,
        document.Kind.ToString().ToLowerInvariant(),
        [.. document.Pages.Select(PageJson.From)],
        document.Warnings);

    public static DocumentJson Failed(string file, string error, string errorKind) => new(file, "unknown", [], [], error, errorKind);

    public Document ToDocument() => new()
    {
        File = File,
        Kind = Enum.TryParse(Kind, ignoreCase: true, out DocumentKind kind) ? kind : DocumentKind.Unknown,
        Pages = [.. Pages.Select(p => p.ToPage())],
        Warnings = Warnings,
    };
}

/// <summary>The JSON shape of one page.</summary>
public sealed record PageJson(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("confidence")] float? Confidence,
    [property: JsonPropertyName("rotation")] int Rotation,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("words"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WordJson>? Words,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("width")] double Width = 0,
    [property: JsonPropertyName("height")] double Height = 0,
    [property: JsonPropertyName("unit")] string Unit = "pt",
    [property: JsonPropertyName("empty")] bool Empty = false,
    [property: JsonPropertyName("unreliable")] bool Unreliable = false,
    [property: JsonPropertyName("script"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Script = null,
    [property: JsonPropertyName("blocks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BlockJson>? Blocks = null,
    [property: JsonPropertyName("errorCode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null,
    [property: JsonPropertyName("figures"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FigureJson>? Figures = null)
{
    public static PageJson From(Page page) => new(
        page.Number,
        SourceName(page.Source),
        page.Confidence is { } c ? MathF.Round(c, 1) : null,
        page.Rotation,
        page.Text,
        page.Words.Count == 0 ? null : [.. page.Words.Select(w => new WordJson(w.Text, w.Confidence, BoxArray(w.Box)))],
        page.Warnings,
        Math.Round(page.Width, 2),
        Math.Round(page.Height, 2),
        UnitName(page.Unit),
        page.IsEmpty,
        page.IsUnreliable,
        page.Script,
        page.Blocks.Count == 0 ? null : [.. page.Blocks.Select(BlockJson.From)],
        page.ErrorCode,
        page.Figures.Count == 0 ? null : [.. page.Figures.Select(FigureJson.From)]);

    public static string SourceName(PageSource source) => source switch
    {
        PageSource.TextLayer => "text-layer",
        PageSource.Ocr => "ocr",
        PageSource.Mixed => "mixed",
        _ => "none",
    };

    public static PageSource ParseSource(string source) => source switch
    {
        "text-layer" => PageSource.TextLayer,
        "ocr" => PageSource.Ocr,
        "mixed" => PageSource.Mixed,
        _ => PageSource.None,
    };

    public static string UnitName(PageUnit unit) => unit == PageUnit.Pixel ? "px" : "pt";

    public static int[] BoxArray(BoundingBox box) => [box.Left, box.Top, box.Right, box.Bottom];

    public static BoundingBox ToBox(int[] box) => new(box[0], box[1], box[2], box[3]);

    public Page ToPage() => new()
    {
        Number = Number,
        Source = ParseSource(Source),
        Confidence = Confidence,
        Rotation = Rotation,
        Text = Text,
        Words = Words is null ? [] : [.. Words.Select(w => new Word(w.Text, w.Confidence, ToBox(w.Box)))],
        Warnings = Warnings,
        Width = Width,
        Height = Height,
        Unit = Unit == "px" ? PageUnit.Pixel : PageUnit.Point,
        IsUnreliable = Unreliable,
        Script = Script,
        Blocks = Blocks is null ? [] : [.. Blocks.Select(b => b.ToBlock())],
        ErrorCode = ErrorCode,
        Figures = Figures is null ? [] : [.. Figures.Select(f => f.ToFigure())],
    };
}

/// <summary>The JSON shape of one block of a page: its text, role (<c>body</c>, <c>header</c>, <c>footer</c>, <c>page-number</c>, <c>form-field</c>, <c>annotation</c>), source and box.</summary>
public sealed record BlockJson(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("box"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int[]? Box,
    [property: JsonPropertyName("field"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null)
{
    public static BlockJson From(TextBlock block) => new(
        block.Text, RoleName(block.Role), PageJson.SourceName(block.Source), block.Box is { } b ? PageJson.BoxArray(b) : null, block.FieldName);

    public static string RoleName(TextRole role) => role switch
    {
        TextRole.Header => "header",
        TextRole.Footer => "footer",
        TextRole.PageNumber => "page-number",
        TextRole.FormField => "form-field",
        TextRole.Annotation => "annotation",
        _ => "body",
    };

    public TextBlock ToBlock() => new(
        Text,
        Role switch
        {
            "header" => TextRole.Header,
            "footer" => TextRole.Footer,
            "page-number" => TextRole.PageNumber,
            "form-field" => TextRole.FormField,
            "annotation" => TextRole.Annotation,
            _ => TextRole.Body,
        },
        Box is null ? null : PageJson.ToBox(Box),
        PageJson.ParseSource(Source))
    { FieldName = Field };
}

/// <summary>The JSON shape of one figure (an image embedded in the page): box as [left, top, right, bottom], its own size in pixels, its media type, and the image file as base64.</summary>
public sealed record FigureJson(
    [property: JsonPropertyName("box")] int[] Box,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("data")] byte[] Data)
{
    public static FigureJson From(Figure figure) =>
        new(PageJson.BoxArray(figure.Box), figure.PixelWidth, figure.PixelHeight, figure.MediaType, figure.Data.ToArray());

    public Figure ToFigure() => new(PageJson.ToBox(Box), Width, Height, MediaType, Data);
}

/// <summary>The JSON shape of one word: text, confidence, box as [left, top, right, bottom].</summary>
public sealed record WordJson(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("confidence")] float? Confidence,
    [property: JsonPropertyName("box")] int[] Box);

/// <summary>The JSON shape of <c>docassist extract --json</c>: every input, in order, read or failed; one shape whatever the number of inputs.</summary>
public sealed record ExtractJson(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("documents")] IReadOnlyList<DocumentJson> Documents);
