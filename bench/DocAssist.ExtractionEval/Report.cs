using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DocAssist.ExtractionEval;

/// <summary>Writes the results as a Markdown table or as JSON.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Formats the Markdown table: one row per file, then the means of each input and of all.</summary>
    /// <param name="results">The files' results in input order.</param>
    /// <returns>The table.</returns>
    public static string Markdown(IReadOnlyList<FileResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| file | pages (text/all) | words (pdftotext) | recall | long tokens ours/pdftotext | order | notes |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (FileResult r in results.Where(r => r.RealText))
        {
            string recall = r.Recall is double v ? Num(v) : "–";
            string order = r.Order is double o ? $"{Num(o)} ({r.OrderWords})" : "–";
            string longTokens = r.Counted ? $"{r.LongOurs}/{r.LongReference}" + (r.LongRatio is double x ? $" ({x.ToString("0.##", CultureInfo.InvariantCulture)}×)" : string.Empty) : "–";
            string notes = (r.Counted ? string.Empty : "**not counted**; ") + string.Join("; ", r.Notes);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.File} | {r.TextPages}/{r.Pages} | {r.ReferenceTokens} | {recall} | {longTokens} | {order} | {Escape(notes.TrimEnd(' ', ';'))} |");
        }

        foreach (IGrouping<string, FileResult> group in results.GroupBy(r => r.Group))
        {
            sb.AppendLine(MeanRow($"mean of {group.Key}", [.. group]));
        }

        sb.AppendLine(MeanRow("mean of all", results));
        var leftOut = results.Where(r => !r.RealText).ToList();
        if (leftOut.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Left out (no text layer to compare):");
            sb.AppendLine();
            foreach (FileResult r in leftOut)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.File}: {string.Join("; ", r.Notes)}");
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats the results and their means as JSON.</summary>
    /// <param name="results">The files' results.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(IReadOnlyList<FileResult> results)
    {
        var means = results.GroupBy(r => r.Group).Select(g => Mean(g.Key, [.. g])).Append(Mean("all", results)).ToList();
        return JsonSerializer.Serialize(new { files = results, means }, Json);
    }

    private static string MeanRow(string name, IReadOnlyList<FileResult> results)
    {
        Means m = Mean(name, results);
        string longTokens = $"{m.LongOurs}/{m.LongReference}" + (m.LongReference > 0 ? $" ({((double)m.LongOurs / m.LongReference).ToString("0.##", CultureInfo.InvariantCulture)}×)" : string.Empty);
        return $"| **{name}** ({m.Files} files) | {m.TextPages} | {m.ReferenceTokens} | **{Num(m.Recall)}** | {longTokens} | **{Num(m.Order)}** | recall and order: mean over files; long tokens: totals |";
    }

    private static Means Mean(string name, IReadOnlyList<FileResult> results)
    {
        var counted = results.Where(r => r.Counted).ToList();
        var ordered = counted.Where(r => r.Order is not null).ToList();
        return new Means(
            name,
            counted.Count,
            counted.Sum(r => r.TextPages),
            counted.Sum(r => r.ReferenceTokens),
            counted.Count == 0 ? null : counted.Average(r => r.Recall ?? 0),
            counted.Sum(r => r.LongOurs),
            counted.Sum(r => r.LongReference),
            ordered.Count == 0 ? null : ordered.Average(r => r.Order!.Value));
    }

    private static string Num(double? value) => value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed record Means(string Name, int Files, int TextPages, int ReferenceTokens, double? Recall, int LongOurs, int LongReference, double? Order);
}
