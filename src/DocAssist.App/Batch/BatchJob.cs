using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using DocAssist.App.Extraction;
using DocAssist.App.Indexing;
using DocAssist.App.Notices;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.App.Batch;

/// <summary>Runs a batch: scans the input folder, skips what an earlier run did successfully, extracts the rest (failures of earlier runs
/// included) with several documents in flight through one shared engine pool, writes every output atomically, journals each document,
/// and writes the report.</summary>
/// <remarks>
/// <para>
/// Three files: this one (scanning, dispatch, watch mode), <c>BatchJob.Documents.cs</c> (one document) and <c>BatchJob.Report.cs</c> (the report).
/// </para>
/// <para>
/// A producer walks the files in scan order (hashing each, placing it in a shard, checking the manifest, sniffing its type) and hands the
/// work to a bounded channel; as many consumers as documents may be in flight (twice the jobs) take documents from it, so pages of many
/// documents keep every engine busy while at most that many documents (and, in the worker, a bounded number of page images per document)
/// are held at once. A document's outputs are written, then its journal line; then it is dropped.
/// </para>
/// <para>
/// Stopping dispatch (the first Ctrl-C) lets the documents in flight finish, then the manifest and the report are saved; the report
/// names every document not started, including the files the scan had not reached (looked up in the manifest, not read).
/// </para>
/// </remarks>
public sealed partial class BatchJob : IDisposable
{
    private const string StateFolder = ".docassist";
    private const string SummaryExtension = ".summary.md";

    // The error kind of a document with a page over the page time limit (the others are ExtractionErrorKind's names).
    private const string TimeoutKind = "timeout";

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
    private readonly ConcurrentDictionary<string, byte> _notStarted = new(StringComparer.Ordinal);
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private List<IgnoredJson> _ignored = [];
    private BatchManifest? _manifest;
    private FolderIndex? _index;
    private FileStream? _lock;
    private int _otherShards;
    private int _notReached;
    private int _processedThisRun;
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

    private void Prepare()
    {
        if (!Directory.Exists(_inputRoot))
        {
            throw new ConfigException($"{_settings.InputDir}: no such folder.") { KeyPath = Settings.Input };
        }

        if (string.Equals(_inputRoot, _outputRoot, StringComparison.Ordinal))
        {
            throw new ConfigException($"{Settings.Mention(Settings.Output)} must not be the input folder itself (a folder inside it is fine: it is skipped).")
            {
                KeyPath = Settings.Output,
            };
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
            throw new ConfigException($"another batch is already writing to {_settings.OutputDir} (lock {lockPath}); wait for it or change {Settings.Mention(Settings.Output)}.") { KeyPath = Settings.Output };
        }

        int stale = BatchFiles.RemoveStaleTemps(_outputRoot, _tag);
        if (stale > 0 && _settings.Verbose)
        {
            _progress.Notice(new Notice(NoticeCodes.Progress, $"removed {stale} temp file(s) left by an interrupted run."));
        }

        if (_settings.Index)
        {
            _index = FolderIndex.Open(Path.Combine(state, _settings.Shard.IsAll ? "index" : "index-" + _settings.Shard.Tag));
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
        int next = 0;
        WorkItem? pending = null;
        try
        {
            for (; next < scan.Files.Count; next++)
            {
                if (stopDispatch.IsCancellationRequested || _configError is not null)
                {
                    break;
                }

                ScanEntry file = scan.Files[next];
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
                pending = await PrepareAsync(file, ignored, cancellationToken).ConfigureAwait(false);
                if (pending is not null)
                {
                    await channel.Writer.WriteAsync(pending, stopDispatch).ConfigureAwait(false);
                    pending = null;
                }
            }
        }
        catch (OperationCanceledException) when (stopDispatch.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stop taking documents; those in flight finish. The document being handed over was never taken.
            if (pending is not null)
            {
                NotStarted(pending.Entry.RelativePath);
                next++;
            }
        }
        finally
        {
            channel.Writer.Complete();
            await Task.WhenAll(consumers).ConfigureAwait(false);
        }

        // Stopped early (Ctrl-C, or a setting every further document would fail on): account for every file not reached.
        for (; next < scan.Files.Count; next++)
        {
            NotReached(scan.Files[next]);
        }

        _ignored = ignored;
    }

    private void NotStarted(string path)
    {
        _notStarted[path] = 0;
        _handled.TryRemove(path, out _);
    }

    // A file the run never looked at, listed without reading it (stopping must stay quick): done by an earlier run when the manifest
    // knows it unchanged (by size and time), else not started. A shard's files are known by content: an unread one cannot be placed.
    private void NotReached(ScanEntry file)
    {
        if (_handled.TryGetValue(file.RelativePath, out var done) && done == (file.Size, file.LastWriteUtc))
        {
            return;
        }

        if (file.Problem is not null)
        {
            if (_settings.Shard.Includes(ContentHasher.HashText(file.RelativePath)))
            {
                NotStarted(file.RelativePath);
            }
            else
            {
                _otherShards++;
            }

            return;
        }

        string? hash = _manifest!.KnownHash(file);
        if (hash is null)
        {
            if (_settings.Shard.IsAll)
            {
                NotStarted(file.RelativePath);
            }
            else
            {
                _notReached++;
            }
        }
        else if (!_settings.Shard.Includes(hash))
        {
            _otherShards++;
        }
        else if (Resumable(file, hash) is { } record)
        {
            Enter(file.RelativePath);
            Report(record, thisRun: false);
            _progress.DocumentDone(succeeded: true, processed: false);
        }
        else
        {
            NotStarted(file.RelativePath);
        }
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
                NotStarted(item.Entry.RelativePath);
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

        if (Resumable(file, hash) is { } record)
        {
            Enter(path);

            // Done before without the index (or with another one): index it from its JSON output, without extracting it again.
            IndexFromOutput(file, hash, record);
            Report(record, thisRun: false);
            _progress.DocumentDone(succeeded: true, processed: false);
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

    private sealed record WorkItem(ScanEntry Entry, string Hash, string Stem, DocumentKind Kind);
}
