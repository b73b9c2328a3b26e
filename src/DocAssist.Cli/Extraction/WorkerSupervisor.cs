using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DocAssist.Cli.Output;
using DocAssist.Core;

namespace DocAssist.Cli.Extraction;

/// <summary>Runs extraction in a child process of this CLI, so a crash no <c>catch</c> can stop (a parser's stack overflow, a native fault) costs one document, not the run.</summary>
/// <remarks>Not thread-safe: one request at a time. The worker is started on first use and restarted after a crash or timeout.</remarks>
internal sealed class WorkerSupervisor : IDisposable
{
    private const int StderrTailLines = 20;
    private const string FontconfigFile = "/etc/fonts/fonts.conf";
    private readonly TimeSpan _documentTimeout;
    private readonly bool _verbose;
    private readonly Queue<string> _stderrTail = new();
    private Process? _process;

    public WorkerSupervisor(TimeSpan documentTimeout, bool verbose)
    {
        _documentTimeout = documentTimeout;
        _verbose = verbose;
    }

    public async Task<ExtractionOutcome> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        Process process = EnsureStarted();
        string request = JsonSerializer.Serialize(WorkerRequest.From(path, options), CliJsonContext.Default.WorkerRequest);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_documentTimeout);
        try
        {
            await process.StandardInput.WriteLineAsync(request.AsMemory(), timeout.Token).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(timeout.Token).ConfigureAwait(false);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0 || line[0] != WorkerHost.Marker)
                {
                    continue;
                }

                WorkerResponse response = JsonSerializer.Deserialize(line.AsSpan(1), CliJsonContext.Default.WorkerResponse)!;
                return response.Document is { } doc
                    ? new ExtractionOutcome(path, doc.ToDocument() with { File = path }, null, ExtractionErrorKind.None)
                    : new ExtractionOutcome(path, null, response.Error, response.ErrorKind);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            return new ExtractionOutcome(
                path, null, $"{path}: gave up after {_documentTimeout.TotalSeconds:0} s; the reader was stopped.", ExtractionErrorKind.Crash);
        }
        catch (IOException)
        {
            // The worker died while we wrote to it; reported below like any other crash.
        }

        return Crashed(path);
    }

    public void Dispose() => Kill();

    private ExtractionOutcome Crashed(string path)
    {
        string detail = "it stopped unexpectedly";
        if (_process is { } p && p.WaitForExit(2000))
        {
            detail = p.ExitCode > 128 ? $"killed by signal {p.ExitCode - 128}" : $"exit code {p.ExitCode}";
        }

        string tail;
        lock (_stderrTail)
        {
            tail = _stderrTail.LastOrDefault(l => l.Contains("overflow", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        }

        Kill();
        string reason = tail.Length > 0 ? $"{detail}: {tail.Trim()}" : detail;
        return new ExtractionOutcome(path, null, $"{path}: the reader crashed on this file ({reason}); other files are not affected.", ExtractionErrorKind.Crash);
    }

    private Process EnsureStarted()
    {
        if (_process is { HasExited: false })
        {
            return _process;
        }

        Kill();
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? "dotnet",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };

        // Started through `dotnet docassist.dll`: the host needs the assembly path first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkerSupervisor).Assembly.Location);
        }

        start.ArgumentList.Add(WorkerHost.Command);
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        if (File.Exists(FontconfigFile) && !start.Environment.ContainsKey("FONTCONFIG_FILE"))
        {
            // ImageMagick complains on stderr without it.
            start.Environment["FONTCONFIG_FILE"] = FontconfigFile;
        }

        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (_verbose)
            {
                Console.Error.WriteLine(e.Data);
            }

            lock (_stderrTail)
            {
                _stderrTail.Enqueue(e.Data);
                while (_stderrTail.Count > StderrTailLines)
                {
                    _stderrTail.Dequeue();
                }
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    private void Kill()
    {
        if (_process is null)
        {
            return;
        }

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
        _process = null;
        lock (_stderrTail)
        {
            _stderrTail.Clear();
        }
    }
}
