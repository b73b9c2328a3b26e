using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DocAssist.App.Output;
using DocAssist.Pdf;

namespace DocAssist.App.Extraction;

/// <summary>One worker process and the requests in flight to it, matched to answers by id.</summary>
/// <remarks>Thread-safe. When the process dies, every request in flight completes with <see langword="null"/>.</remarks>
internal sealed class WorkerConnection : IDisposable
{
    private const string FontconfigFile = "/etc/fonts/fonts.conf";
    private static readonly string[] FatalPrefixes = ["Stack overflow", "Unhandled exception", "Fatal error", "Segmentation fault"];
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(30);
    private static WorkerConnection? _ahead;
    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<WorkerResponse?>> _pending = new();
    private readonly ConcurrentDictionary<long, Action<PageDone>> _progress = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Action<string>? _log;
    private string? _fatal;
    private long _nextId;
    private long _lastActivity = Environment.TickCount64;
    private volatile bool _dead;

    private WorkerConnection(WorkerLaunch launch, Action<string>? log, WorkerWarmUp warmUp = WorkerWarmUp.None)
    {
        _log = log;
        Launch = launch;
        var start = new ProcessStartInfo
        {
            FileName = launch.FileName,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };

        foreach (string argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string option in WorkerHost.WarmUpOptions(warmUp))
        {
            start.ArgumentList.Add(option);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";
        if (File.Exists(FontconfigFile) && !start.Environment.ContainsKey("FONTCONFIG_FILE"))
        {
            // ImageMagick complains on stderr without it.
            start.Environment["FONTCONFIG_FILE"] = FontconfigFile;
        }

        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += OnStderr;
        _process.Start();
        _process.BeginErrorReadLine();
        _ = Task.Run(ReadResponsesAsync);
    }

    public bool IsAlive => !_dead && !_process.HasExited;

    /// <summary>Gets how this worker was started.</summary>
    public WorkerLaunch Launch { get; }

    /// <summary>Gets the worker's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts a worker before any document is asked for, so its start-up overlaps this process's own; the first
    /// <see cref="Open"/> takes it.</summary>
    /// <param name="warmUp">What the worker spends the wait on.</param>
    /// <param name="launch">How to start it; a later <see cref="Open"/> takes it only when started the same way.</param>
    public static void StartAhead(WorkerWarmUp warmUp, WorkerLaunch launch) =>
        Interlocked.Exchange(ref _ahead, new WorkerConnection(launch, log: null, warmUp))?.Dispose();

    /// <summary>Gets the process id of the worker started ahead and not yet taken, if there is one.</summary>
    internal static int? AheadProcessId => Volatile.Read(ref _ahead)?.ProcessId;

    /// <summary>Stops the worker started ahead if nothing took it.</summary>
    public static void DiscardAhead() => Interlocked.Exchange(ref _ahead, null)?.Dispose();

    /// <summary>Gets a new worker: the one started ahead when there is one, it is alive and was started the same way, otherwise a newly started one.</summary>
    /// <param name="launch">How to start it.</param>
    /// <param name="log">Receives the worker's stderr lines, or <see langword="null"/> to drop them.</param>
    /// <returns>The connection.</returns>
    public static WorkerConnection Open(WorkerLaunch launch, Action<string>? log)
    {
        WorkerConnection? ahead = Interlocked.Exchange(ref _ahead, null);
        if (ahead is { IsAlive: true } && ahead.Launch.FileName == launch.FileName && ahead.Launch.Arguments.SequenceEqual(launch.Arguments))
        {
            ahead._log = log;
            return ahead;
        }

        ahead?.Dispose();
        return new WorkerConnection(launch, log);
    }

    /// <summary>Gets how long ago the worker last answered or reported a page, or was given a request.</summary>
    public TimeSpan SinceLastActivity => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastActivity));

    /// <summary>Sends one request; returns the answer, or <see langword="null"/> when the worker died first.</summary>
    public Task<WorkerResponse?> SendAsync(WorkerRequest request, CancellationToken cancellationToken) => SendAsync(request, null, cancellationToken);

    /// <summary>Sends one request; returns the answer, or <see langword="null"/> when the worker died first.</summary>
    /// <param name="request">The request.</param>
    /// <param name="onProgress">Called as each page is finished, when the request asks for progress.</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>The answer, or <see langword="null"/>.</returns>
    public async Task<WorkerResponse?> SendAsync(WorkerRequest request, Action<PageDone>? onProgress, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<WorkerResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (onProgress is not null)
        {
            _progress[id] = onProgress;
        }

        Touch();
        if (_dead)
        {
            _pending.TryRemove(id, out _);
            return null;
        }

        string line = JsonSerializer.Serialize(request with { Id = id }, AppJsonContext.Default.WorkerRequest);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The worker died; reported as a crash below.
            MarkDead();
        }
        finally
        {
            _writeGate.Release();
        }

        try
        {
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
            _progress.TryRemove(id, out _);
        }
    }

    /// <summary>Describes how the worker ended, for the crash message.</summary>
    /// <remarks>Called once its stdout has closed: its exit and its last stderr lines (the runtime's reason) come on other
    /// threads, later on a busy machine, so both are waited for, with room.</remarks>
    public async Task<string> DescribeExitAsync()
    {
        string detail = "it stopped unexpectedly";
        using var patience = new CancellationTokenSource(ExitPatience);
        try
        {
            await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            detail = _process.ExitCode > 128 ? $"killed by signal {_process.ExitCode - 128}" : $"exit code {_process.ExitCode}";
            await _stderrClosed.Task.WaitAsync(patience.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still there, or its stderr still open, after all that time: described as far as known.
        }

        return _fatal is null ? detail : $"{detail}: {_fatal}";
    }

    public void Dispose()
    {
        MarkDead();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _writeGate.Dispose();
    }

    private async Task ReadResponsesAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                // Native libraries may print to stdout: only marked lines are answers.
                if (line.Length == 0 || line[0] != WorkerHost.Marker)
                {
                    continue;
                }

                WorkerResponse? response = JsonSerializer.Deserialize(line.AsSpan(1), AppJsonContext.Default.WorkerResponse);
                Touch();
                if (response?.PagesDone is not null)
                {
                    if (response.ToPageDone() is { } done && _progress.TryGetValue(response.Id, out Action<PageDone>? report))
                    {
                        report(done);
                    }

                    continue;
                }

                if (response is not null && _pending.TryGetValue(response.Id, out var answer))
                {
                    answer.TrySetResult(response);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or JsonException)
        {
            // Treated like the end of the stream: the worker is gone or talking nonsense.
        }

        MarkDead();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    private void MarkDead()
    {
        _dead = true;
        foreach (var answer in _pending.Values)
        {
            answer.TrySetResult(null);
        }
    }

    private void OnStderr(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            _stderrClosed.TrySetResult();
            return;
        }

        _log?.Invoke(e.Data);

        // The runtime's own last words ("Stack overflow.", "Unhandled exception. …") say why a worker died.
        if (_fatal is null && FatalPrefixes.Any(p => e.Data.StartsWith(p, StringComparison.Ordinal)))
        {
            _fatal = e.Data.Trim();
        }
    }
}
