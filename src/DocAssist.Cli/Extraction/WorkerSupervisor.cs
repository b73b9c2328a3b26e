using DocAssist.Core;

namespace DocAssist.Cli.Extraction;

/// <summary>Runs extraction in child processes of this CLI, so a crash no <c>catch</c> can stop (a parser's stack overflow, a native fault) costs one document, not the run.</summary>
/// <remarks>
/// Thread-safe. Documents share one worker (and its OCR engine pool) so pages of many documents keep every core busy.
/// When that worker dies, each document it held is retried once, alone, in a quarantine worker: the file that crashes
/// there is reported as the culprit and the innocent ones succeed.
/// </remarks>
internal sealed class WorkerSupervisor : IDisposable
{
    private readonly TimeSpan _documentTimeout;
    private readonly bool _verbose;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _quarantineGate = new(1, 1);
    private WorkerConnection? _shared;
    private WorkerConnection? _quarantine;

    public WorkerSupervisor(TimeSpan documentTimeout, bool verbose)
    {
        _documentTimeout = documentTimeout;
        _verbose = verbose;
    }

    public async Task<ExtractionOutcome> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        var request = WorkerRequest.From(path, options);
        WorkerConnection shared = Connection(ref _shared);
        (WorkerResponse? response, bool timedOut) = await SendAsync(shared, request, cancellationToken).ConfigureAwait(false);
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
            (response, timedOut) = await SendAsync(alone, request, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return ToOutcome(path, response);
            }

            string reason = timedOut
                ? $"{path}: gave up after {_documentTimeout.TotalSeconds:0} s; the reader was stopped."
                : $"{path}: the reader crashed on this file ({alone.DescribeExit()}); other files are not affected.";
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

    private async Task<(WorkerResponse? Response, bool TimedOut)> SendAsync(
        WorkerConnection connection, WorkerRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_documentTimeout);
        try
        {
            return (await connection.SendAsync(request, timeout.Token).ConfigureAwait(false), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A stuck document: only killing its worker really stops the work.
            connection.Dispose();
            return (null, true);
        }
    }

    private WorkerConnection Connection(ref WorkerConnection? slot)
    {
        lock (_gate)
        {
            if (slot is not { IsAlive: true })
            {
                slot?.Dispose();
                slot = new WorkerConnection(_verbose);
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
}
