using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DocAssist.Bench;

/// <summary>What one measured piece of work cost: wall time, CPU time of this process's children, and peak memory.</summary>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="CpuSeconds">User + system seconds of every child process (and their children) started during the measurement.</param>
/// <param name="PeakRssBytes">The highest sum of resident memory of all child processes seen at one moment (polled from /proc).</param>
/// <param name="Load">The 1-minute load average when the measurement started.</param>
internal sealed record Cost(double Seconds, double CpuSeconds, long PeakRssBytes, double Load)
{
    public double PeakRssMb => PeakRssBytes / (1024.0 * 1024.0);
}

/// <summary>The output of one child process.</summary>
internal sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs child processes and measures them through /proc: wall time, CPU time, and the peak of the summed resident memory of the whole process tree.</summary>
/// <remarks>One measurement at a time: the meter attributes every descendant of this process to the running measurement.</remarks>
internal static class ProcessMeter
{
    private static readonly long PageSize = Environment.SystemPageSize;
    private static readonly double TicksPerSecond = 100.0;

    /// <summary>Measures an action that starts child processes (sequentially or in parallel) and waits for them.</summary>
    public static async Task<Cost> MeasureAsync(Func<Task> work, bool includeSelf = false)
    {
        double load = LoadAverage();
        double childrenCpuBefore = ReapedChildrenCpu();
        double selfCpuBefore = includeSelf ? Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds : 0;
        long selfRssBefore = includeSelf ? SelfRss() : 0;
        using var stop = new CancellationTokenSource();
        var poller = new TreePoller(includeSelf);
        Task polling = Task.Factory.StartNew(() => poller.Run(stop.Token), TaskCreationOptions.LongRunning);
        var clock = Stopwatch.StartNew();
        try
        {
            await work();
        }
        finally
        {
            clock.Stop();
            await stop.CancelAsync();
            await polling;
        }

        // Reaped children's CPU (from the kernel, exact for children that waited for theirs) or what the poller saw, whichever is larger:
        // a grandchild whose parent did not wait for it is only seen by the poller.
        double cpu = Math.Max(ReapedChildrenCpu() - childrenCpuBefore, poller.DescendantCpuSeconds);
        if (includeSelf)
        {
            cpu += Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - selfCpuBefore;
        }

        long peak = includeSelf ? Math.Max(0, poller.PeakRssBytes - selfRssBefore) : poller.PeakRssBytes;
        return new Cost(clock.Elapsed.TotalSeconds, cpu, peak, load);
    }

    /// <summary>Runs one command to completion and returns its output; throws when it fails and <paramref name="check"/> is set.</summary>
    public static async Task<ProcessOutput> RunAsync(
        string file,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? stdoutFile = null,
        bool check = true,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout;
        if (stdoutFile is not null)
        {
            await using (FileStream sink = File.Create(stdoutFile))
            {
                await process.StandardOutput.BaseStream.CopyToAsync(sink);
            }

            stdout = string.Empty;
        }
        else
        {
            stdout = await process.StandardOutput.ReadToEndAsync();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromHours(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        var output = new ProcessOutput(process.ExitCode, stdout, await stderr);
        if (check && output.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', start.ArgumentList.Take(6))}... exited with {output.ExitCode}: {Tail(output.Stderr)}");
        }

        return output;
    }

    /// <summary>Whether a command is on PATH (or is a path to an existing file).</summary>
    public static bool IsInstalled(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command);
        }

        string? path = Environment.GetEnvironmentVariable("PATH");
        return path is not null && path.Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, command)));
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static string Tail(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" / ", lines.TakeLast(3));
    }

    private static long SelfRss() => Process.GetCurrentProcess().WorkingSet64;

    private static double ReapedChildrenCpu()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(f[13], CultureInfo.InvariantCulture) + double.Parse(f[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Polls /proc for this process's descendants: the peak of their summed RSS, and the CPU time each was last seen with.</summary>
    private sealed class TreePoller(bool includeSelf)
    {
        private readonly Dictionary<int, double> _cpuByPid = [];
        private readonly int _self = Environment.ProcessId;

        public long PeakRssBytes { get; private set; }

        public double DescendantCpuSeconds => _cpuByPid.Where(kv => kv.Key != _self).Sum(kv => kv.Value);

        public void Run(CancellationToken stop)
        {
            while (true)
            {
                Sample();
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                stop.WaitHandle.WaitOne(50);
            }
        }

        private void Sample()
        {
            // Walk the tree down from this process through /proc/PID/task/TID/children: far cheaper than reading every process's stat.
            long total = 0;
            var pending = new Stack<int>();
            pending.Push(_self);
            while (pending.Count > 0)
            {
                int pid = pending.Pop();
                foreach (int child in Children(pid))
                {
                    pending.Push(child);
                }

                if (pid == _self && !includeSelf)
                {
                    continue;
                }

                try
                {
                    string stat = File.ReadAllText($"/proc/{pid}/stat");
                    string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    double cpu = (double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                    total += long.Parse(f[21], CultureInfo.InvariantCulture) * PageSize;
                    _cpuByPid[pid] = Math.Max(_cpuByPid.GetValueOrDefault(pid), cpu);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // The process ended while we looked.
                }
            }

            PeakRssBytes = Math.Max(PeakRssBytes, total);
        }

        private static List<int> Children(int pid)
        {
            var children = new List<int>();
            try
            {
                foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    try
                    {
                        foreach (string child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            children.Add(int.Parse(child, CultureInfo.InvariantCulture));
                        }
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // The thread ended while we looked.
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }

            return children;
        }
    }
}
