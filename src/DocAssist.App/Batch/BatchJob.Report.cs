using System.Globalization;
using DocAssist.App.Output;

namespace DocAssist.App.Batch;

/// <summary>The batch's report: <c>report.json</c> and <c>report.md</c>, written atomically after each pass and at the end.</summary>
public sealed partial class BatchJob
{
    private async Task<BatchReportJson> WriteReportAsync(bool interrupted, CancellationToken cancellationToken)
    {
        // Every count comes from the rows (pages too, through PageCounts), so the totals are the sums of the table; a file whose new
        // content was not started shows as not started, not by its earlier row.
        DocumentReportJson[] documents = [.. _documents.Values
            .Where(d => _inScope.Contains(d.Path) && !_notStarted.ContainsKey(d.Path))
            .OrderBy(d => d.Path, StringComparer.Ordinal)];
        string[] notStarted = [.. _notStarted.Keys.Order(StringComparer.Ordinal)];
        PageCounts pages = PageCounts.Sum(documents.Select(d => d.PageCounts));
        int pagesThisRun = documents.Where(d => d.ThisRun).Sum(d => d.Pages);
        var counts = new BatchCountsJson(
            documents.Length + notStarted.Length,
            documents.Count(d => d.Status == ManifestRecord.Done),
            documents.Count(d => d.Status == ManifestRecord.Failed),
            documents.Count(d => d.Status == ManifestRecord.Failed && d.ErrorKind == TimeoutKind),
            documents.Count(d => d.ThisRun),
            documents.Count(d => !d.ThisRun),
            notStarted.Length,
            _notReached,
            _ignored.Count(i => i.Reason.StartsWith("not a PDF", StringComparison.Ordinal)),
            _otherShards,
            pages.Pages,
            pages.TextLayer,
            pages.Ocr,
            pages.Mixed,
            pages.Empty,
            pages.Failed,
            pages.TimedOut,
            pagesThisRun);
        DateTime finished = DateTime.UtcNow;
        var report = new BatchReportJson(
            Output.DocumentJson.SchemaVersion,
            _settings.InputDir,
            _settings.OutputDir,
            _settings.Shard.IsAll ? null : _settings.Shard.ToString(),
            _startedAt,
            finished,
            Math.Round((finished - _startedAt).TotalSeconds, 2),
            interrupted,
            new BatchOptionsJson(_settings.Options.Languages, _settings.SearchablePdf, _settings.PageTimeout.TotalSeconds, _settings.Options.Jobs, _optionsHash),
            counts,
            pages.MeanConfidence,
            Math.Round(_clock.Elapsed.TotalSeconds > 0.5 ? pagesThisRun / _clock.Elapsed.TotalSeconds : 0, 2),
            documents,
            notStarted,
            [.. documents.Where(d => d.Status == ManifestRecord.Failed).Select(d => new FailureJson(d.Path, d.ErrorKind ?? "input", d.Error ?? "failed"))],
            _ignored,
            Egress(),
            [.. documents.Where(d => d.SummaryError is not null).Select(d => new FailureJson(d.Path, "summary", d.SummaryError!))]);
        string stem = Path.Combine(_outputRoot, ReportStem);
        await AtomicFile.WriteAllTextAsync(stem + ".json", BatchReport.RenderJson(report), _tag, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllTextAsync(stem + ".md", BatchReport.RenderMarkdown(report), _tag, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private EgressJson Egress()
    {
        if (_settings.Summaries is not { } summaries)
        {
            return new EgressJson(0, 0, [], "Nothing left this machine: batch extraction (OCR, PDF parsing, searchable PDFs) runs locally and asks no model.");
        }

        IReadOnlyList<Llm.Egress.EgressLedgerEntry> entries = summaries.Ledger.Entries;
        string note = summaries.Ledger.BytesLeftMachine == 0
            ? "0 bytes left this machine: summaries came from a model on this machine (or were extractive)."
            : $"{summaries.Ledger.BytesLeftMachine} bytes left this machine, to the destinations listed.";
        return new EgressJson(
            entries.Sum(e => e.Requests),
            entries.Sum(e => e.BytesSent),
            [.. entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Destination} ({e.Purpose}, {(e.IsLoopback ? "this machine" : "left the machine")}): {e.Requests} request(s), {e.BytesSent} bytes sent, {e.BytesReceived} received"))],
            note);
    }
}
