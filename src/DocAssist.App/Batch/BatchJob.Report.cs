using System.Globalization;
using DocAssist.App.Output;

namespace DocAssist.App.Batch;

/// <summary>The batch's report: <c>report.json</c> and <c>report.md</c>, written atomically after each pass and at the end.</summary>
public sealed partial class BatchJob
{
    private async Task<BatchReportJson> WriteReportAsync(bool interrupted, CancellationToken cancellationToken)
    {
        DocumentReportJson[] documents = [.. _documents.Values.Where(d => _inScope.Contains(d.Path)).OrderBy(d => d.Path, StringComparer.Ordinal)];
        DocumentReportJson[] done = [.. documents.Where(d => d.Status == ManifestRecord.Done)];
        int ocrPages = done.Sum(d => d.OcrPages);
        double? confidence = ocrPages == 0 ? null : Math.Round(done.Where(d => d.MeanConfidence is not null).Sum(d => d.MeanConfidence!.Value * d.OcrPages) / ocrPages, 1);
        var counts = new BatchCountsJson(
            documents.Length + _notStarted,
            done.Length,
            documents.Count(d => d.Status == ManifestRecord.Failed),
            documents.Count(d => d.ThisRun),
            _skippedThisRun,
            _notStarted,
            _ignored.Count(i => i.Reason.StartsWith("not a PDF", StringComparison.Ordinal)),
            _otherShards,
            done.Sum(d => d.Pages),
            done.Sum(d => d.TextLayerPages),
            ocrPages,
            done.Sum(d => d.EmptyPages),
            (int)Interlocked.Read(ref _pagesThisRun));
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
            confidence,
            Math.Round(PagesPerSecond, 2),
            documents,
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
