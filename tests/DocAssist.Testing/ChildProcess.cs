using System.Diagnostics;
using System.Text;

namespace DocAssist.Testing;

/// <summary>Runs a program built beside the tests (<c>dotnet NAME.dll</c>) as a child process, the way a user or a script does.</summary>
public static class ChildProcess
{
    /// <summary>Starts the program without waiting for it; standard output and error are redirected (UTF-8).</summary>
    /// <param name="dll">The assembly's file name in the test output folder.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Variables to set, or to remove (a <see langword="null"/> value).</param>
    /// <param name="workingDirectory">Its working directory; default: this process's.</param>
    /// <returns>The started process.</returns>
    public static Process Start(
        string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(dll);
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, dll));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the program to its end and collects what it printed.</summary>
    /// <param name="dll">The assembly's file name in the test output folder.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Variables to set, or to remove (a <see langword="null"/> value).</param>
    /// <param name="timeout">How long it may take; after that it is killed (with its children) and <see cref="TimeoutException"/> is thrown.</param>
    /// <param name="workingDirectory">Its working directory; default: this process's.</param>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        using Process process = Start(dll, args, environment, workingDirectory);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{System.IO.Path.GetFileNameWithoutExtension(dll)} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
