using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DocAssist.Core.Model;

namespace DocAssist.Cli.Output;

/// <summary>Renders documents as text, Markdown or JSON.</summary>
internal static class DocumentWriter
{
    private static readonly CliJsonContext IndentedContext = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Markdown => ".md",
        OutputFormat.Json => ".json",
        _ => ".txt",
    };

    public static string Render(Document document, OutputFormat format) => format switch
    {
        OutputFormat.Markdown => RenderMarkdown(document),
        OutputFormat.Json => JsonSerializer.Serialize(DocumentJson.From(document), IndentedContext.DocumentJson) + "\n",
        _ => RenderText(document),
    };

    public static string RenderJsonArray(IReadOnlyList<DocumentJson> documents) =>
        JsonSerializer.Serialize([.. documents], IndentedContext.ListDocumentJson) + "\n";

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
