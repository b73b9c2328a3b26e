using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DocAssist.Core.Model;

namespace DocAssist.App.Output;

/// <summary>Renders finished documents as text, Markdown or JSON (the shapes are in <c>docs/json.md</c>).</summary>
public static class DocumentWriter
{
    private static readonly AppJsonContext IndentedContext = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Gets the file extension of a format, with its dot.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The extension.</returns>
    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Markdown => ".md",
        OutputFormat.Json => ".json",
        _ => ".txt",
    };

    /// <summary>Renders a document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="format">The format.</param>
    /// <returns>The text, ending with a line break.</returns>
    public static string Render(Document document, OutputFormat format) => format switch
    {
        OutputFormat.Markdown => RenderMarkdown(document),
        OutputFormat.Json => JsonSerializer.Serialize(DocumentJson.From(document), IndentedContext.DocumentJson) + "\n",
        _ => RenderText(document),
    };

    /// <summary>Renders the JSON of <c>extract --json</c>.</summary>
    /// <param name="documents">Every input's document or failure, in order.</param>
    /// <returns>Indented JSON and a line break.</returns>
    public static string RenderJson(IReadOnlyList<DocumentJson> documents) =>
        JsonSerializer.Serialize(new ExtractJson(DocumentJson.SchemaVersion, documents), IndentedContext.ExtractJson) + "\n";

    /// <summary>Renders the JSON of one document.</summary>
    /// <param name="document">The document's JSON shape.</param>
    /// <returns>Indented JSON and a line break.</returns>
    public static string RenderJson(DocumentJson document) =>
        JsonSerializer.Serialize(document, IndentedContext.DocumentJson) + "\n";

    private static string RenderText(Document document)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < document.Pages.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('\f');
            }

            string text = document.Pages[i].Text.TrimEnd();
            sb.Append(text);
            if (text.Length > 0)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string RenderMarkdown(Document document)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(Path.GetFileName(document.File)).Append("\n\n");
        foreach (Page page in document.Pages)
        {
            sb.Append(CultureInfo.InvariantCulture, $"## Page {page.Number}\n\n");
            sb.Append("<!-- source: ").Append(PageJson.SourceName(page.Source));
            if (page.Confidence is { } confidence)
            {
                sb.Append(CultureInfo.InvariantCulture, $", confidence {confidence:0}");
            }

            if (page.Rotation != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $", rotated {page.Rotation}°");
            }

            sb.Append(" -->\n\n");
            foreach (string warning in page.Warnings)
            {
                sb.Append("> ⚠ ").Append(warning).Append("\n\n");
            }

            string text = page.Text.Trim();
            if (text.Length > 0)
            {
                sb.Append(text).Append("\n\n");
            }
        }

        return sb.ToString();
    }
}
