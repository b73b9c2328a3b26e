using System.Diagnostics;
using System.Globalization;
using DocAssist.App.Extraction;
using DocAssist.App.Notices;
using DocAssist.App.Output;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;

namespace DocAssist.App.Batch;

/// <summary>One document of a batch: extraction, outputs written atomically, summary, index, journal line.</summary>
public sealed partial class BatchJob
{
    private async Task ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ScanEntry file = item.Entry;
        bool wantPdf = _settings.SearchablePdf && item.Kind is DocumentKind.Pdf or DocumentKind.Image;
        string? pdfTarget = wantPdf ? _layout.FullPath(item.Stem + OutputLayout.SearchablePdfExtension) : null;
        string? pdfTemp = pdfTarget is null ? null : AtomicFile.TempPathFor(pdfTarget, _tag);
        int reported = 0;
        void OnProgress(int pages)
        {
            // Pages count again from 1 when a document is retried after a worker crash: only count what is new.
            int before;
            while (pages > (before = Volatile.Read(ref reported)))
            {
                if (Interlocked.CompareExchange(ref reported, pages, before) == before)
                {
                    _progress.PagesDone(pages - before);
                    break;
                }
            }
        }

        try
        {
            if (pdfTemp is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(pdfTemp)!);
            }

            ExtractionOutcome outcome = await _service.ExtractAsync(file.FullPath, pdfTemp, p => OnProgress(p.PagesDone), cancellationToken).ConfigureAwait(false);
            if (outcome.Document is not { } document)
            {
                string kind = outcome.ErrorKind.ToString().ToLowerInvariant();
                if (outcome.ErrorKind == ExtractionErrorKind.Config)
                {
                    _configError ??= outcome.Error;
                }

                Fail(file, item.Hash, kind, Relative(outcome.Error ?? "failed", file), clock.Elapsed.TotalSeconds, journal: outcome.ErrorKind != ExtractionErrorKind.Config);
                return;
            }

            OnProgress(document.Pages.Count);
            int[] slow = [.. document.Pages.Where(p => p.ErrorCode == ErrorCodes.PageTimeout).Select(p => p.Number)];
            if (slow.Length > 0)
            {
                // Not written: a document missing a page's text would pass for whole. The row still counts its pages, timed out included.
                string which = slow.Length == 1 ? $"page {slow[0]}" : $"pages {string.Join(", ", slow)}";
                string limit = _settings.PageTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                Fail(file, item.Hash, TimeoutKind, $"{file.RelativePath}: {which}: OCR ran over the page time limit ({limit} s).", clock.Elapsed.TotalSeconds, journal: true, document);
                return;
            }

            document = document with { File = file.RelativePath };
            var outputs = new List<string>();
            foreach (OutputFormat format in (OutputFormat[])[OutputFormat.Text, OutputFormat.Markdown, OutputFormat.Json])
            {
                string relative = item.Stem + DocumentWriter.Extension(format);
                await AtomicFile.WriteAllTextAsync(_layout.FullPath(relative), DocumentWriter.Render(document, format), _tag, cancellationToken).ConfigureAwait(false);
                outputs.Add(relative);
            }

            if (pdfTemp is not null && File.Exists(pdfTemp))
            {
                BatchFiles.Commit(pdfTemp, pdfTarget!);
                outputs.Add(item.Stem + OutputLayout.SearchablePdfExtension);
            }

            string? summaryError = null;
            if (_settings.Summaries is { } summaries)
            {
                (string? summary, summaryError) = await summaries.SummarizeAsync(document, _progress.Notice, cancellationToken).ConfigureAwait(false);
                if (summary is not null)
                {
                    string relative = item.Stem + SummaryExtension;
                    await AtomicFile.WriteAllTextAsync(_layout.FullPath(relative), summary, _tag, cancellationToken).ConfigureAwait(false);
                    outputs.Add(relative);
                }
                else
                {
                    _progress.Notice(new Notice(NoticeCodes.SummaryFailed, $"{file.RelativePath}: {summaryError}", file.RelativePath));
                }
            }

            Index(file, item.Hash, document);
            Succeed(item, document, outputs, clock.Elapsed.TotalSeconds, summaryError);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Fail(file, item.Hash, "output", $"{file.RelativePath}: the outputs could not be written ({ex.Message.TrimEnd('.')}).", clock.Elapsed.TotalSeconds, journal: true);
        }
        finally
        {
            if (pdfTemp is not null)
            {
                BatchFiles.TryDelete(pdfTemp);
                BatchFiles.TryDelete(pdfTemp + ".pages");
            }
        }
    }

    // Keys are full paths, as `docassist ask` gives them, so ask finds these documents unchanged and does not read them again.
    private void Index(ScanEntry file, string hash, Document document) => _index?.Add(file.FullPath, hash, document);

    private void IndexFromOutput(ScanEntry file, string hash, ManifestRecord record)
    {
        if (_index is null || _index.IsCurrent(file.FullPath, hash))
        {
            return;
        }

        (Document? stored, string? error) = ReadOutput(record);
        if (stored is not null)
        {
            Index(file, hash, stored);
        }
        else if (error is not null)
        {
            _progress.Notice(new Notice(NoticeCodes.FileWarning, $"{file.RelativePath}: not added to the index ({error}).", file.RelativePath));
        }
    }

    /// <summary>Returns the manifest's record of a file when a re-run may skip it: it succeeded with this content and these options,
    /// and its outputs are all there; otherwise <see langword="null"/> (the file is done again).</summary>
    private ManifestRecord? Resumable(ScanEntry file, string hash)
    {
        ManifestRecord? record = _manifest!.Get(file.RelativePath);
        if (record is not { IsFinal: true } || record.Hash != hash || record.Options != _optionsHash
            || !record.Outputs.All(o => File.Exists(_layout.FullPath(o))))
        {
            return null;
        }

        if (record.PageCounts is not null)
        {
            return record;
        }

        // Journaled by a version that kept no page counts: count the pages of its JSON output, and journal them so this happens once.
        if (ReadOutput(record).Document is not { } stored)
        {
            return null;
        }

        ManifestRecord counted = record with { PageCounts = PageCounts.Of(stored.Pages) };
        _manifest.Append(counted);
        return counted;
    }

    /// <summary>Reads back the document a done record's JSON output holds.</summary>
    private (Document? Document, string? Error) ReadOutput(ManifestRecord record)
    {
        string? json = record.Outputs.FirstOrDefault(o => o.EndsWith(".json", StringComparison.Ordinal));
        if (json is null)
        {
            return (null, null);
        }

        try
        {
            DocumentJson? stored = System.Text.Json.JsonSerializer.Deserialize(File.ReadAllText(_layout.FullPath(json)), AppJsonContext.Default.DocumentJson);
            return (stored?.ToDocument(), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return (null, ex.Message.TrimEnd('.'));
        }
    }

    private void Succeed(WorkItem item, Document document, List<string> outputs, double seconds, string? summaryError)
    {
        PageCounts pages = PageCounts.Of(document.Pages);
        var record = new ManifestRecord(
            item.Entry.RelativePath, item.Hash, _optionsHash, item.Entry.Size, item.Entry.LastWriteUtc, ManifestRecord.Done, null, null, outputs,
            KindName(document), pages, Math.Round(seconds, 2), document.Warnings.Count, DateTime.UtcNow, summaryError);
        _manifest!.Append(record);
        Report(record, thisRun: true);
        Interlocked.Increment(ref _processedThisRun);
        _progress.DocumentDone(succeeded: true, processed: true);
        if (_settings.Verbose)
        {
            _progress.Notice(new Notice(NoticeCodes.Progress, $"{record.Path}: {pages.Pages} page(s): {pages.TextLayer} text layer, {pages.Ocr} OCR, {pages.Mixed} mixed ({FormatSeconds(seconds)} s)", record.Path));
        }
    }

    /// <summary>Records a failed document; <paramref name="document"/>, when it was read (a page ran over the time limit), gives its page counts.</summary>
    private void Fail(ScanEntry file, string? hash, string kind, string reason, double seconds, bool journal, Document? document = null)
    {
        // Outputs of an earlier version of this input would no longer match what the manifest says: remove them.
        string stem = _layout.StemFor(file.RelativePath);
        foreach (string extension in (string[])[".txt", ".md", ".json", OutputLayout.SearchablePdfExtension, SummaryExtension])
        {
            string stale = _layout.FullPath(stem + extension);
            if (File.Exists(stale))
            {
                BatchFiles.TryDelete(stale);
            }
        }

        var record = new ManifestRecord(
            file.RelativePath, hash, _optionsHash, file.Size, file.LastWriteUtc, ManifestRecord.Failed, kind, reason, [],
            document is null ? null : KindName(document), document is null ? PageCounts.None : PageCounts.Of(document.Pages),
            Math.Round(seconds, 2), document?.Warnings.Count ?? 0, DateTime.UtcNow);
        if (journal)
        {
            _manifest!.Append(record);
        }

        Report(record, thisRun: true);
        Interlocked.Increment(ref _processedThisRun);
        _progress.DocumentDone(succeeded: false, processed: true);
        _progress.Notice(new Notice(NoticeCodes.FileFailed, reason, file.RelativePath));
    }

    private static string Relative(string message, ScanEntry file) => message.Replace(file.FullPath, file.RelativePath, StringComparison.Ordinal);

    private static string KindName(Document document) => document.Kind.ToString().ToLowerInvariant();

    // The one place a row is made: from the journaled record, whether this run wrote it or an earlier one did.
    private void Report(ManifestRecord r, bool thisRun)
    {
        _documents[r.Path] = DocumentReportJson.Create(
            r.Path, r.Status, thisRun, r.Kind, r.PageCounts ?? PageCounts.None, r.Seconds, r.Warnings, r.Outputs, r.Error, r.ErrorKind, r.SummaryError);
        _notStarted.TryRemove(r.Path, out _);
    }
}
