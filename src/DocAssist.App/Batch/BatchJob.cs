using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using DocAssist.App.Extraction;
using DocAssist.App.Notices;
using DocAssist.App.Output;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.App.Batch;

/// <summary>Runs a batch: scans the input folder, skips what an earlier run finished, extracts the rest with several documents in flight
/// through one shared engine pool, writes every output atomically, journals each document, and writes the report.</summary>
/// <remarks>
/// <para>
/// A producer walks the files in scan order (hashing each, placing it in a shard, checking the manifest, sniffing its type) and hands the
/// work to a bounded channel; as many consumers as documents may be in flight (twice the jobs) take documents from it, so pages of many
/// documents keep every engine busy while at most that many documents (and, in the worker, a bounded number of page images per document)
/// are held at once. A document's outputs are written, then its journal line; then it is dropped.
/// </para>
/// <para>
/// Stopping dispatch (the first Ctrl-C) lets the documents in flight finish, then the manifest and the report are saved.
/// </para>
/// </remarks>
public sealed class BatchJob : IDisposable
{
    private const string StateFolder = ".docassist";
    private const string SummaryExtension = ".summary.md";

    // Names that say "this was meant to be a document": a file with one of them whose content is of no supported kind is a failure, not skipped.
    private static readonly HashSet<string> DocumentExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".jp2", ".j2k", ".jpx", ".txt", ".md", ".markdown",
    };

    private readonly BatchSettings _settings;
    private readonly IBatchObserver _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _tag;
    private readonly string _optionsHash;
    private readonly string _inputRoot;
    private readonly string _outputRoot;
    private readonly OutputLayout _layout;
    private readonly DocumentPipeline _service;
    private readonly ConcurrentDictionary<string, DocumentReportJson> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Size, DateTime Mtime)> _handled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Size, DateTime Mtime)> _observed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inScope = new(StringComparer.Ordinal);
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private List<IgnoredJson> _ignored = [];
    private readonly Lock _indexGate = new();
    private BatchManifest? _manifest;
    private Bm25Index? _index;
    private FileStream? _lock;
    private int _otherShards;
    private int _processedThisRun;
    private int _skippedThisRun;
    private int _notStarted;
    private long _pagesThisRun;
    private string? _configError;

    /// <summary>Initializes a new instance of the <see cref="BatchJob"/> class.</summary>
    /// <param name="settings">What to do.</param>
    /// <param name="progress">Receives progress and notices as they happen.</param>
    public BatchJob(BatchSettings settings, IBatchObserver progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _progress = progress;
        _tag = BatchFiles.Tag(settings.Shard);
        _optionsHash = settings.OptionsHash;
        _inputRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.InputDir));
        _outputRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.OutputDir));
        var reserved = new List<string> { "report" };
        for (int k = 1; k <= settings.Shard.Count && settings.Shard.Count > 1; k++)
        {
            reserved.Add("report-" + new ShardSpec(k, settings.Shard.Count).Tag);
        }

        _layout = new OutputLayout(_outputRoot, reserved);

        // A worker that finishes no page for this long is stuck beyond what the page limit allows (a page may be read twice, turned).
        TimeSpan stall = (settings.PageTimeout * 2) + TimeSpan.FromSeconds(60);
        DocumentPipelineBuilder pipeline = new DocumentPipelineBuilder()
            .UseOptions(settings.Options)
            .UseDocumentTimeout(Timeout.InfiniteTimeSpan)
            .UseStallTimeout(stall)
            .UseWorkerLog(settings.WorkerLog);
        _service = (settings.Isolate ? pipeline.UseWorkerProcesses(settings.Worker) : pipeline.UseThisProcess()).Build();
    }

    private string ReportStem => _settings.Shard.IsAll ? "report" : "report-" + _settings.Shard.Tag;

    /// <summary>Runs the batch.</summary>
    /// <param name="stopDispatch">Cancelled to stop taking new documents (the documents in flight finish).</param>
    /// <param name="cancellationToken">Cancelled to abandon everything.</param>
    /// <returns>The report (also written as <c>report.json</c> and <c>report.md</c>) and whether a setting stopped the run.</returns>
    /// <exception cref="Core.Errors.ConfigException">The input folder is missing, the output folder is the input folder, or another batch holds the output folder.</exception>
    public async Task<BatchResult> RunAsync(CancellationToken stopDispatch, CancellationToken cancellationToken)
    {
        Prepare();
        await RunPassAsync(firstPass: true, stopDispatch, cancellationToken).ConfigureAwait(false);
        if (_settings.Watch && _configError is null)
        {
            await WriteReportAsync(interrupted: false, cancellationToken).ConfigureAwait(false);
            _progress.Notice(new Notice(NoticeCodes.Progress, $"watching {_settings.InputDir} for new files (Ctrl-C to stop)."));
            await WatchAsync(stopDispatch, cancellationToken).ConfigureAwait(false);
        }

        bool interrupted = stopDispatch.IsCancellationRequested;
        BatchReportJson report = await WriteReportAsync(interrupted, cancellationToken).ConfigureAwait(false);
        return new BatchResult(report, Path.Combine(_settings.OutputDir, ReportStem + ".md"), interrupted, _configError);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _service.Dispose();
        _settings.Summaries?.Dispose();
        _index?.Dispose();
        _manifest?.Dispose();
        _lock?.Dispose();
    }

    /// <summary>Stops the worker processes at once (for a second Ctrl-C): outputs are only ever renamed into place, so nothing is torn.</summary>
    public void Abort() => _service.Dispose();

    private static string FormatSeconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Pages(Document document, PageSource source) =>
        document.Pages.Count(p => p.Source == source).ToString(CultureInfo.InvariantCulture);

    private void Prepare()
    {
        if (!Directory.Exists(_inputRoot))
        {
            throw new ConfigException($"{_settings.InputDir}: no such folder.") { KeyPath = "IN_DIR" };
        }

        if (string.Equals(_inputRoot, _outputRoot, StringComparison.Ordinal))
        {
            throw new ConfigException("--out must not be the input folder itself (a folder inside it is fine: it is skipped).") { KeyPath = "--out" };
        }

        string state = Path.Combine(_outputRoot, StateFolder);
        Directory.CreateDirectory(state);
        string lockPath = Path.Combine(state, (_settings.Shard.IsAll ? "batch" : _settings.Shard.Tag) + ".lock");
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ConfigException($"another batch is already writing to {_settings.OutputDir} (lock {lockPath}); wait for it or use another --out.");
        }

        int stale = BatchFiles.RemoveStaleTemps(_outputRoot, _tag);
        if (stale > 0 && _settings.Verbose)
        {
            _progress.Notice(new Notice(NoticeCodes.Progress, $"removed {stale} temp file(s) left by an interrupted run."));
        }

        if (_settings.Index)
        {
            _index = Bm25Index.Open(Path.Combine(state, _settings.Shard.IsAll ? "index" : "index-" + _settings.Shard.Tag));
        }

        string journal = Path.Combine(state, _settings.Shard.IsAll ? "manifest.jsonl" : $"manifest-{_settings.Shard.Tag}.jsonl");
        _manifest = BatchManifest.Open(journal);
        if (_manifest.DroppedLines > 0)
        {
            _progress.Notice(new Notice(NoticeCodes.Progress, $"ignored {_manifest.DroppedLines} torn line(s) at the end of the manifest (an interrupted run); those documents are done again."));
        }
    }

    private async Task WatchAsync(CancellationToken stopDispatch, CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(_inputRoot) { IncludeSubdirectories = true, EnableRaisingEvents = false };
        void Wake(object? sender, EventArgs e)
        {
            if (changed.CurrentCount == 0)
            {
                changed.Release();
            }
        }

        watcher.Created += Wake;
        watcher.Changed += Wake;
        watcher.Renamed += Wake;
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            // No inotify watches left: polling alone still finds every file.
        }

        while (!stopDispatch.IsCancellationRequested && _configError is null)
        {
            try
            {
                // A change wakes the loop early; a file is still only read once it has settled.
                await changed.WaitAsync(_settings.WatchInterval, stopDispatch).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stopDispatch).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            int before = _processedThisRun;
            await RunPassAsync(firstPass: false, stopDispatch, cancellationToken).ConfigureAwait(false);
            if (_processedThisRun != before)
            {
                await WriteReportAsync(interrupted: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunPassAsync(bool firstPass, CancellationToken stopDispatch, CancellationToken cancellationToken)
    {
        string? exclude = _outputRoot.StartsWith(_inputRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? _outputRoot : null;
        ScanResult scan = InputScanner.Scan(_inputRoot, exclude);
        foreach (ScanEntry file in scan.Files)
        {
            _ = _layout.StemFor(file.RelativePath);
        }

        var ignored = scan.Ignored.Select(i => new IgnoredJson(i.Path, i.Reason)).ToList();
        int window = Math.Max(2, _settings.Options.Jobs * 2);
        var channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(window) { SingleWriter = true });
        Task[] consumers = [.. Enumerable.Range(0, window).Select(_ => Task.Run(() => ConsumeAsync(channel.Reader, stopDispatch, cancellationToken), CancellationToken.None))];
        try
        {
            foreach (ScanEntry file in scan.Files)
            {
                if (stopDispatch.IsCancellationRequested || _configError is not null)
                {
                    break;
                }

                var seen = (file.Size, file.LastWriteUtc);
                bool settled = !_settings.Watch
                    || (DateTime.UtcNow - file.LastWriteUtc >= _settings.Settle
                        && (firstPass || (_observed.TryGetValue(file.RelativePath, out var before) && before == seen)));
                _observed[file.RelativePath] = seen;
                if ((_handled.TryGetValue(file.RelativePath, out var done) && done == seen) || !settled)
                {
                    continue;
                }

                _handled[file.RelativePath] = seen;
                WorkItem? item = await PrepareAsync(file, ignored, cancellationToken).ConfigureAwait(false);
                if (item is not null)
                {
                    await channel.Writer.WriteAsync(item, stopDispatch).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopDispatch.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stop taking documents; those in flight finish.
        }
        finally
        {
            channel.Writer.Complete();
            await Task.WhenAll(consumers).ConfigureAwait(false);
        }

        _ignored = ignored;
    }

    private async Task ConsumeAsync(ChannelReader<WorkItem> reader, CancellationToken stopDispatch, CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (!reader.TryRead(out WorkItem? item))
            {
                continue;
            }

            if (stopDispatch.IsCancellationRequested || _configError is not null)
            {
                Interlocked.Increment(ref _notStarted);
                _handled.TryRemove(item.Entry.RelativePath, out _);
                continue;
            }

            await ProcessAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<WorkItem?> PrepareAsync(ScanEntry file, List<IgnoredJson> ignored, CancellationToken cancellationToken)
    {
        string path = file.RelativePath;
        if (file.Problem is not null)
        {
            // No content to hash: placed by its path, so exactly one shard reports it.
            if (!_settings.Shard.Includes(ContentHasher.HashText(path)))
            {
                _otherShards++;
                return null;
            }

            Enter(path);
            Fail(file, null, "input", $"{path}: {file.Problem}", 0, journal: false);
            return null;
        }

        string hash;
        try
        {
            hash = _manifest!.KnownHash(file) ?? await ContentHasher.HashFileAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_settings.Shard.Includes(ContentHasher.HashText(path)))
            {
                _otherShards++;
                return null;
            }

            Enter(path);
            string why = ex is UnauthorizedAccessException ? "permission denied" : ex.Message.TrimEnd('.');
            Fail(file, null, "input", $"{path}: cannot be read ({why}).", 0, journal: false);
            return null;
        }

        if (!_settings.Shard.Includes(hash))
        {
            _otherShards++;
            return null;
        }

        ManifestRecord? record = _manifest!.Get(path);
        if (record is { IsFinal: true } && record.Hash == hash && record.Options == _optionsHash
            && record.Outputs.All(o => File.Exists(_layout.FullPath(o))))
        {
            Enter(path);
            _skippedThisRun++;
            if (record.Status == ManifestRecord.Done)
            {
                // Done before without the index (or with another one): index it from its JSON output, without extracting it again.
                IndexFromOutput(file, hash, record);
            }

            _documents[path] = ToReport(record, thisRun: false);
            _progress.DocumentDone(record.Status == ManifestRecord.Done, processed: false);
            return null;
        }

        DocumentKind kind;
        try
        {
            kind = FileKindDetector.Detect(file.FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Enter(path);
            Fail(file, hash, "input", $"{path}: cannot be read ({ex.Message.TrimEnd('.')}).", 0, journal: false);
            return null;
        }

        if (kind == DocumentKind.Unknown)
        {
            if (!DocumentExtensions.Contains(Path.GetExtension(path)))
            {
                ignored.Add(new IgnoredJson(path, "not a PDF, an image DocAssist reads, or UTF-8 text"));
                if (_inScope.Remove(path))
                {
                    _documents.TryRemove(path, out _);
                }

                return null;
            }

            Enter(path);
            Fail(file, hash, "input", $"{path}: its content is not a PDF, an image DocAssist reads, or UTF-8 text (damaged, or misnamed).", 0, journal: true);
            return null;
        }

        Enter(path);
        return new WorkItem(file, hash, _layout.StemFor(path), kind);
    }

    private void Enter(string path)
    {
        if (_inScope.Add(path))
        {
            _progress.AddToTotal(1);
        }
    }

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

            ExtractionOutcome outcome = await _service.ExtractAsync(file.FullPath, pdfTemp, OnProgress, cancellationToken).ConfigureAwait(false);
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

    private void Index(ScanEntry file, string hash, Document document)
    {
        if (_index is null)
        {
            return;
        }

        // Keys are full paths, as `docassist ask` gives them, so ask finds these documents unchanged and does not read them again.
        Document keyed = document with { File = Path.GetFullPath(file.FullPath) };
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(keyed);
        lock (_indexGate)
        {
            _index.Upsert(keyed, hash, passages);
        }
    }

    private void IndexFromOutput(ScanEntry file, string hash, ManifestRecord record)
    {
        if (_index is null)
        {
            return;
        }

        lock (_indexGate)
        {
            if (_index.GetHash(Path.GetFullPath(file.FullPath)) == hash)
            {
                return;
            }
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

    private double PagesPerSecond => _clock.Elapsed.TotalSeconds > 0.5 ? Interlocked.Read(ref _pagesThisRun) / _clock.Elapsed.TotalSeconds : 0;

    private sealed record WorkItem(ScanEntry Entry, string Hash, string Stem, DocumentKind Kind);
}
