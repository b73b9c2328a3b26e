using System.Globalization;
using DocAssist.App.Batch;
using DocAssist.App.Notices;
using Spectre.Console;

namespace DocAssist.Cli.Batch;

/// <summary>Counts what the batch has done and shows it on stderr: documents done of total, pages, pages per second, time left; and the batch's notices.</summary>
/// <remarks>Thread-safe. <see cref="Create"/> picks a live Spectre.Console display when stderr is a terminal, else a plain line every few seconds.</remarks>
internal abstract class BatchProgress(CliContext context) : IBatchObserver, IAsyncDisposable
{
    private long _started;
    private int _total;
    private int _done;
    private int _failed;
    private int _processed;
    private long _pages;

    /// <summary>Gets the documents of the batch (known so far).</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Gets the documents finished, including those skipped as already done.</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>Gets the documents that failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Gets the pages done in this run.</summary>
    public long Pages => Interlocked.Read(ref _pages);

    /// <summary>Gets the time since work started.</summary>
    public TimeSpan Elapsed => Context.Time.GetElapsedTime(_started);

    /// <summary>Gets the pages done per second in this run.</summary>
    public double PagesPerSecond => Elapsed.TotalSeconds > 0.5 ? Pages / Elapsed.TotalSeconds : 0;

    /// <summary>Gets the consoles and clock.</summary>
    protected CliContext Context { get; } = context;

    /// <summary>Creates the display that suits stderr.</summary>
    /// <param name="context">The consoles and clock.</param>
    /// <param name="interval">How often a plain line is written when stderr is not a terminal.</param>
    /// <returns>The display, started.</returns>
    public static BatchProgress Create(CliContext context, TimeSpan interval)
    {
        BatchProgress progress = context.ErrorIsTerminal ? new LiveBatchProgress(context) : new PlainBatchProgress(context, interval);
        progress.Start();
        return progress;
    }

    /// <summary>Adds documents to the total.</summary>
    /// <param name="count">How many.</param>
    public void AddToTotal(int count) => Interlocked.Add(ref _total, count);

    /// <summary>Counts a finished document.</summary>
    /// <param name="succeeded">Whether it succeeded.</param>
    /// <param name="processed">Whether it was processed in this run (rather than skipped as already done).</param>
    public void DocumentDone(bool succeeded, bool processed)
    {
        Interlocked.Increment(ref _done);
        if (!succeeded)
        {
            Interlocked.Increment(ref _failed);
        }

        if (processed)
        {
            Interlocked.Increment(ref _processed);
        }
    }

    /// <summary>Counts pages done.</summary>
    /// <param name="count">How many more.</param>
    public void PagesDone(int count) => Interlocked.Add(ref _pages, count);

    /// <summary>Writes a line for the user without disturbing the display.</summary>
    /// <param name="line">The line.</param>
    public abstract void Message(string line);

    /// <inheritdoc/>
    public void Notice(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Message(notice.Code switch
        {
            NoticeCodes.FileFailed => "docassist: failed: " + notice.Message,
            NoticeCodes.SummaryFailed or NoticeCodes.FileWarning => "docassist: warning: " + notice.Message,
            NoticeCodes.Progress => "docassist batch: " + notice.Message,
            _ => "docassist: " + notice.Message,
        });
    }

    /// <summary>Describes the state in one line.</summary>
    /// <returns>e.g. <c>12/40 documents (1 failed), 57 pages, 2.8 pages/s, ETA 0:01:10</c>.</returns>
    public string Describe()
    {
        int done = Done;
        int total = Math.Max(Total, done);
        string failed = Failed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({Failed} failed)") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{done}/{total} documents{failed}, {Pages} pages, {PagesPerSecond:0.0} pages/s, ETA {Eta()}");
    }

    private int _stopped;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await StopAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Estimates the time left from the documents processed so far in this run.</summary>
    /// <returns>The estimate as h:mm:ss, or <c>?</c> before the first document.</returns>
    protected string Eta()
    {
        int processed = Volatile.Read(ref _processed);
        int remaining = Math.Max(0, Total - Done);
        if (remaining == 0)
        {
            return "0:00:00";
        }

        if (processed == 0)
        {
            return "?";
        }

        var eta = TimeSpan.FromSeconds(Math.Round(Elapsed.TotalSeconds / processed * remaining));
        return eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
    }

    protected virtual void Start() => _started = Context.Time.GetTimestamp();

    protected abstract Task StopAsync();
}

/// <summary>A plain line on stderr every few seconds, for logs and pipes.</summary>
internal sealed class PlainBatchProgress(CliContext context, TimeSpan interval) : BatchProgress(context)
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public override void Message(string line) => Context.Err.WriteLine(line);

    protected override void Start()
    {
        base.Start();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval, Context.Time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    await Context.Err.WriteLineAsync("docassist batch: " + Describe()).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    protected override async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}

/// <summary>A live Spectre.Console progress bar on the terminal.</summary>
internal sealed class LiveBatchProgress(CliContext context) : BatchProgress(context)
{
    private IAnsiConsole Screen => Context.Error;

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public override void Message(string line) => Screen.MarkupLine(Markup.Escape(line));

    protected override void Start()
    {
        base.Start();
        _loop = Screen.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("documents", maxValue: 1);
                while (true)
                {
                    task.MaxValue = Math.Max(1, Math.Max(Total, Done));
                    task.Value = Done;
                    task.Description = Markup.Escape(Describe());
                    context.Refresh();
                    if (_stop.IsCancellationRequested)
                    {
                        break;
                    }

                    try
                    {
                        await Task.Delay(250, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // One last refresh, then leave.
                    }
                }
            });
    }

    protected override async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
