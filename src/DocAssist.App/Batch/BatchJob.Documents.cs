using System.Diagnostics;
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
                    Interlocked.Add(ref _pagesThisRun, pages - before);
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
            if (document.Pages.FirstOrDefault(p => p.ErrorCode == ErrorCodes.PageTimeout) is { } slow)
            {
                Fail(file, item.Hash, "timeout", $"{file.RelativePath}: page {slow.Number}: OCR ran over the page time limit ({_settings.PageTimeout.TotalSeconds:0} s).", clock.Elapsed.TotalSeconds, journal: true);
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

        string? json = record.Outputs.FirstOrDefault(o => o.EndsWith(".json", StringComparison.Ordinal));
        if (json is null)
        {
            return;
        }

        try
        {
            DocumentJson? stored = System.Text.Json.JsonSerializer.Deserialize(File.ReadAllText(_layout.FullPath(json)), AppJsonContext.Default.DocumentJson);
            if (stored is not null)
            {
                Index(file, hash, stored.ToDocument());
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            _progress.Notice(new Notice(NoticeCodes.FileWarning, $"{file.RelativePath}: not added to the index ({ex.Message.TrimEnd('.')}).", file.RelativePath));
        }
    }

    private void Succeed(WorkItem item, Document document, List<string> outputs, double seconds, string? summaryError)
    {
        Page[] ocr = [.. document.Pages.Where(p => p.Source == PageSource.Ocr)];
        double? confidence = ocr.Length == 0 ? null : Math.Round(ocr.Average(p => p.Confidence ?? 0), 1);
        var record = new ManifestRecord(
            item.Entry.RelativePath, item.Hash, _optionsHash, item.Entry.Size, item.Entry.LastWriteUtc, ManifestRecord.Done, null, null, outputs,
            document.Kind.ToString().ToLowerInvariant(), document.Pages.Count, document.Pages.Count(p => p.Source == PageSource.TextLayer),
            ocr.Length, document.Pages.Count(p => p.IsEmpty), confidence, Math.Round(seconds, 2), document.Warnings.Count, DateTime.UtcNow,
            summaryError);
        _manifest!.Append(record);
        _documents[record.Path] = ToReport(record, thisRun: true);
        Interlocked.Increment(ref _processedThisRun);
        _progress.DocumentDone(succeeded: true, processed: true);
        if (_settings.Verbose)
        {
            _progress.Notice(new Notice(NoticeCodes.Progress, $"{record.Path}: {document.Pages.Count} page(s): {Pages(document, PageSource.TextLayer)} text layer, {Pages(document, PageSource.Ocr)} OCR ({FormatSeconds(seconds)} s)", record.Path));
        }
    }

    private void Fail(ScanEntry file, string? hash, string kind, string reason, double seconds, bool journal)
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
            file.RelativePath, hash, _optionsHash, file.Size, file.LastWriteUtc, ManifestRecord.Failed, kind, reason, [], null, 0, 0, 0, 0, null,
            Math.Round(seconds, 2), 0, DateTime.UtcNow);
        if (journal)
        {
            _manifest!.Append(record);
        }

        _documents[file.RelativePath] = ToReport(record, thisRun: true);
        Interlocked.Increment(ref _processedThisRun);
        _progress.DocumentDone(succeeded: false, processed: true);
        _progress.Notice(new Notice(NoticeCodes.FileFailed, reason, file.RelativePath));
    }

    private static string Relative(string message, ScanEntry file) => message.Replace(file.FullPath, file.RelativePath, StringComparison.Ordinal);

    private static DocumentReportJson ToReport(ManifestRecord r, bool thisRun) => new(
        r.Path, r.Status, thisRun, r.Kind, r.Pages, r.TextLayerPages, r.OcrPages, r.EmptyPages, r.MeanConfidence, r.Seconds, r.Warnings, r.Outputs, r.Error, r.ErrorKind, r.SummaryError);
}
