using DocAssist.Core;

namespace DocAssist.App.Extraction;

/// <summary>Runs extraction in worker processes, so a crash no <c>catch</c> can stop (a parser's stack overflow, a native fault) costs one document, not the run.</summary>
/// <remarks>
/// Thread-safe. Documents share one worker (and its OCR engine pool) so pages of many documents keep every core busy.
/// When that worker dies, each document it held is retried once, alone, in a quarantine worker: the file that crashes
/// there is reported as the culprit and the innocent ones succeed.
/// </remarks>
internal sealed class WorkerSupervisor : IDisposable
{
    private static readonly TimeSpan StallCheckInterval = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _documentTimeout;
    private readonly TimeSpan? _stallTimeout;
    private readonly WorkerLaunch _launch;
    private readonly Action<string>? _log;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _quarantineGate = new(1, 1);
    private WorkerConnection? _shared;
    private WorkerConnection? _quarantine;

    /// <summary>Initializes a new instance of the <see cref="WorkerSupervisor"/> class.</summary>
    /// <param name="documentTimeout">How long one document may take in all.</param>
    /// <param name="launch">How a worker is started.</param>
    /// <param name="log">Receives the workers' stderr lines, or <see langword="null"/> to drop them.</param>
    /// <param name="stallTimeout">How long a worker with documents in flight may go without finishing a page or a document before it is taken
    /// for stuck and stopped (its documents are then retried alone); <see langword="null"/> for no such watchdog.</param>
    public WorkerSupervisor(TimeSpan documentTimeout, WorkerLaunch launch, Action<string>? log, TimeSpan? stallTimeout = null)
    {
        _documentTimeout = documentTimeout;
        _launch = launch;
        _log = log;
        _stallTimeout = stallTimeout;
    }

    public Task<ExtractionOutcome> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default) =>
        ExtractAsync(path, options, null, null, cancellationToken);

    /// <summary>Extracts one document in a worker.</summary>
    /// <param name="path">The input.</param>
    /// <param name="options">The extraction options.</param>
    /// <param name="searchablePdfPath">Where the worker writes a searchable PDF of the input, or <see langword="null"/>.</param>
    /// <param name="onProgress">Called as each page is finished in the current attempt (a retry counts again from 1 and reports its pages again).</param>
    /// <param name="cancellationToken">Abandons the document.</param>
    /// <returns>The outcome.</returns>
    public async Task<ExtractionOutcome> ExtractAsync(
        string path, ExtractOptions options, string? searchablePdfPath, Action<PageDone>? onProgress, CancellationToken cancellationToken = default)
    {
        var request = new WorkerRequest(path, options, 0, searchablePdfPath, Progress: onProgress is not null || _stallTimeout is not null);
        WorkerConnection shared = Connection(ref _shared);
        (WorkerResponse? response, TimeoutInfo timedOut) = await SendAsync(shared, request, onProgress, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            return ToOutcome(path, response);
        }

        // The shared worker died (or was stopped over a stuck document): retry alone to find out whose fault it was.
        Retire(ref _shared, shared);
        await _quarantineGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WorkerConnection alone = Connection(ref _quarantine);
            (response, timedOut) = await SendAsync(alone, request, onProgress, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return ToOutcome(path, response);
            }

            string reason = timedOut.Reason is not null
                ? $"{path}: gave up: {timedOut.Reason}; the reader was stopped."
                : $"{path}: the reader crashed on this file ({await alone.DescribeExitAsync().ConfigureAwait(false)}); other files are not affected.";
            Retire(ref _quarantine, alone);
            return new ExtractionOutcome(path, null, reason, ExtractionErrorKind.Crash);
        }
        finally
        {
            _quarantineGate.Release();
        }
    }

    public void Dispose()
    {
        _shared?.Dispose();
        _quarantine?.Dispose();
        _quarantineGate.Dispose();
    }

    private static ExtractionOutcome ToOutcome(string path, WorkerResponse response) => response.Document is { } doc
        ? new ExtractionOutcome(path, doc.ToDocument() with { File = path }, null, ExtractionErrorKind.None)
        : new ExtractionOutcome(path, null, response.Error, response.ErrorKind);

    private async Task<(WorkerResponse? Response, TimeoutInfo TimedOut)> SendAsync(
        WorkerConnection connection, WorkerRequest request, Action<PageDone>? onProgress, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_documentTimeout);
        Task<WorkerResponse?> answer = connection.SendAsync(request, onProgress, timeout.Token);
        string reason = $"no result after {_documentTimeout.TotalSeconds:0} s";
        if (_stallTimeout is { } stall)
        {
            // The whole worker is watched, not one document: pages of every document in flight share its engines, so a
            // document may wait its turn, but a worker that finishes nothing at all for this long is stuck.
            while (!answer.IsCompleted)
            {
                await Task.WhenAny(answer, Task.Delay(StallCheckInterval, CancellationToken.None)).ConfigureAwait(false);
                if (!answer.IsCompleted && connection.SinceLastActivity > stall)
                {
                    reason = $"no page finished for {stall.TotalSeconds:0} s (over the page time limit)";
                    await timeout.CancelAsync().ConfigureAwait(false);
                    break;
                }
            }
        }

        try
        {
            return (await answer.ConfigureAwait(false), default);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A stuck document: only killing its worker really stops the work.
            connection.Dispose();
            return (null, new TimeoutInfo(reason));
        }
    }

    private WorkerConnection Connection(ref WorkerConnection? slot)
    {
        lock (_gate)
        {
            if (slot is not { IsAlive: true })
            {
                slot?.Dispose();
                slot = WorkerConnection.Open(_launch, _log);
            }

            return slot;
        }
    }

    private void Retire(ref WorkerConnection? slot, WorkerConnection dead)
    {
        lock (_gate)
        {
            if (ReferenceEquals(slot, dead))
            {
                dead.Dispose();
                slot = null;
            }
        }
    }

    /// <summary>Why a request was given up on; <c>default</c> when it was not.</summary>
    private readonly record struct TimeoutInfo(string? Reason);
}
