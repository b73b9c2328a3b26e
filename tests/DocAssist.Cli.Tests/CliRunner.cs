using System.Diagnostics;
using DocAssist.Testing;
using Spectre.Console.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>Runs <c>docassist</c> the way a user (or a script) does: in this process against test consoles (the default), or as a child process
/// where the process boundary is what is tested (signals, the launcher, a working directory, the exit of a worker started ahead).</summary>
/// <remarks>In process, documents are still parsed in supervised worker processes (<c>dotnet docassist.dll __worker</c>), so a file that crashes the
/// parser costs its worker, never the test host. The environment overlay replaces variables for the run only (no process-wide change).</remarks>
internal static class CliRunner
{
    /// <summary>How long a run may take before it is taken for hung: room for a 2-core machine running every test project at once.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private const string Dll = "docassist.dll";

    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, null, DefaultTimeout);

    /// <summary>Runs the CLI in this process; <paramref name="timeout"/> only bounds a hang (the run is abandoned and the test fails).</summary>
    /// <remarks><paramref name="transport"/> replaces the network under the egress guard (to count or refuse what the guard lets through).</remarks>
    public static async Task<CliResult> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment,
        TimeSpan timeout,
        Func<HttpMessageHandler>? transport = null,
        bool errorIsTerminal = false)
    {
        var output = new TestConsole();
        var error = new TestConsole();
        output.Profile.Width = error.Profile.Width = 200;
        error.Profile.Capabilities.Interactive = errorIsTerminal;
        Dictionary<string, string?> overlay = Environment(environment);
        var context = new CliContext(
            output,
            error,
            new StringReader(string.Empty),
            TimeProvider.System,
            ErrorIsTerminal: errorIsTerminal,
            name => overlay.TryGetValue(name, out string? value) ? value : System.Environment.GetEnvironmentVariable(name),
            transport);
        int exitCode = await Program.RunAsync([.. args], context).WaitAsync(timeout);
        return new CliResult(exitCode, output.Output, error.Output);
    }

    /// <summary>Runs the built CLI as a child process.</summary>
    public static async Task<CliResult> RunChildAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        (int exitCode, string stdout, string stderr) = await ChildProcess.RunAsync(Dll, args, Environment(environment), timeout, workingDirectory);
        return new CliResult(exitCode, stdout, stderr);
    }

    /// <summary>Starts the CLI as a child process without waiting for it.</summary>
    public static Process Start(params string[] args) => ChildProcess.Start(Dll, args, Environment(null));

    private static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra)
    {
        var environment = new Dictionary<string, string?> { ["DOCASSIST_TESSDATA"] = null };
        foreach ((string key, string? value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return environment;
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
