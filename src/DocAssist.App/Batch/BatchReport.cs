using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DocAssist.App.Batch;

/// <summary>Renders the batch report as JSON (for scripts) and Markdown (for people).</summary>
public static class BatchReport
{
    // report.md names at most this many documents not started; report.json names them all.
    private const int MaxListed = 1000;

    private static readonly BatchJsonContext Indented = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Renders the report as JSON (<c>report.json</c>).</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON and a line break.</returns>
    public static string RenderJson(BatchReportJson report) => JsonSerializer.Serialize(report, Indented.BatchReportJson) + "\n";

    /// <summary>Renders the report as Markdown (<c>report.md</c>).</summary>
    /// <param name="r">The report.</param>
    /// <returns>The Markdown.</returns>
    public static string RenderMarkdown(BatchReportJson r)
    {
        var sb = new StringBuilder();
        BatchCountsJson c = r.Counts;
        sb.Append("# DocAssist batch report").Append(r.Shard is null ? string.Empty : $" (shard {r.Shard})").Append("\n\n");
        Line(sb, $"- Input: `{Code(r.Input)}` → output: `{Code(r.Output)}`");
        Line(sb, $"- Started {r.StartedAt:u}, finished {r.FinishedAt:u} ({r.Seconds:0.0} s){(r.Interrupted ? " — **interrupted**: documents not started are done by the next run" : string.Empty)}");
        Line(sb, $"- Options: languages `{r.Options.Languages}`, searchable PDF {(r.Options.SearchablePdf ? "yes" : "no")}, page time limit {r.Options.PageTimeoutSeconds:0.###} s, {r.Options.Jobs} job(s)");
        sb.Append('\n');
        sb.Append("## Summary\n\n| | |\n|---|---:|\n");
        Row(sb, "Documents", c.Documents);
        Row(sb, "Succeeded", c.Succeeded);
        Row(sb, "Failed", c.Failed);
        if (c.TimedOut > 0)
        {
            Row(sb, "— a page ran over the time limit", c.TimedOut);
        }

        Row(sb, "Processed in this run", c.ProcessedThisRun);
        Row(sb, "Skipped (already done)", c.SkippedAlreadyDone);
        if (c.NotStarted > 0)
        {
            Row(sb, r.Interrupted ? "Not started (interrupted)" : "Not started (the run stopped on a setting)", c.NotStarted);
        }

        if (c.NotReached > 0)
        {
            Row(sb, "Not reached (their shard is known only by reading them)", c.NotReached);
        }

        Row(sb, "Unsupported files (ignored)", c.Unsupported);
        if (r.Shard is not null)
        {
            Row(sb, "In other shards", c.OtherShards);
        }

        Row(sb, "Pages", c.Pages);
        Row(sb, "— from a text layer", c.TextLayerPages);
        Row(sb, "— OCR'd", c.OcrPages);
        Row(sb, "— text layer and OCR (mixed)", c.MixedPages);
        Row(sb, "— empty (no text: blank, a picture, or unreadable)", c.EmptyPages);
        Row(sb, "Pages not read (image unreadable, or OCR stopped; counted above too)", c.FailedPages);
        Row(sb, "— of which over the page time limit", c.TimedOutPages);
        Line(sb, $"| Mean OCR confidence | {(r.MeanConfidence is { } mc ? mc.ToString("0.0", CultureInfo.InvariantCulture) : "—")} |");
        Line(sb, $"| Pages done in this run | {c.PagesThisRun} ({r.PagesPerSecond:0.0} pages/s) |");
        sb.Append('\n');

        sb.Append("## Failures\n\n");
        if (r.Failures.Count == 0)
        {
            sb.Append("None.\n\n");
        }
        else
        {
            foreach (FailureJson f in r.Failures)
            {
                Line(sb, $"- `{Code(f.Path)}` ({f.Kind}): {Text(f.Reason)}");
            }

            sb.Append('\n');
        }

        if (r.MissingSummaries.Count > 0)
        {
            sb.Append("## Missing summaries\n\n");
            foreach (FailureJson f in r.MissingSummaries)
            {
                Line(sb, $"- `{Code(f.Path)}`: {Text(f.Reason)}");
            }

            sb.Append('\n');
        }

        if (r.NotStarted.Count > 0)
        {
            sb.Append("## Not started\n\nThe next run does these").Append(r.Interrupted ? " (the run was interrupted first)" : string.Empty).Append(":\n\n");
            foreach (string path in r.NotStarted.Take(MaxListed))
            {
                Line(sb, $"- `{Code(path)}`");
            }

            if (r.NotStarted.Count > MaxListed)
            {
                Line(sb, $"- … and {r.NotStarted.Count - MaxListed} more (report.json lists them all)");
            }

            sb.Append('\n');
        }

        sb.Append("## Documents\n\n| Document | Status | Pages | Text layer | OCR | Mixed | Empty | Not read | Timed out | Confidence | Seconds |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (DocumentReportJson d in r.Documents)
        {
            string status = d.Status == "done" ? (d.ThisRun ? "done" : "done (earlier run)") : $"{d.Status} ({d.ErrorKind ?? "input"})";
            string confidence = d.MeanConfidence is { } dc ? dc.ToString("0.0", CultureInfo.InvariantCulture) : "—";
            Line(sb, $"| `{Code(d.Path)}` | {status} | {d.Pages} | {d.TextLayerPages} | {d.OcrPages} | {d.MixedPages} | {d.EmptyPages} | {d.FailedPages} | {d.TimedOutPages} | {confidence} | {d.Seconds:0.0} |");
        }

        sb.Append('\n');
        if (r.Ignored.Count > 0)
        {
            sb.Append("## Left out\n\n");
            foreach (IgnoredJson i in r.Ignored)
            {
                Line(sb, $"- `{Code(i.Path)}`: {Text(i.Reason)}");
            }

            sb.Append('\n');
        }

        sb.Append("## Egress\n\n");
        Line(sb, r.Egress.Requests == 0 ? $"No request left this machine. {r.Egress.Note}" : $"{r.Egress.Requests} request(s), {r.Egress.BytesSent} bytes sent.");
        foreach (string entry in r.Egress.Entries)
        {
            Line(sb, "- " + Text(entry));
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string label, int value) => Line(sb, $"| {label} | {value} |");

    private static void Line(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');

    // Names may hold anything: keep them on one line and out of Markdown syntax.
    private static string Code(string text) => Text(text).Replace('`', '\'');

    private static string Text(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(char.IsControl(c) ? '�' : c == '|' ? '¦' : c);
        }

        return sb.ToString();
    }
}
