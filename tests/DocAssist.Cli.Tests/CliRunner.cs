using System.Diagnostics;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>Runs the built <c>docassist</c> as a child process, the way a user (or a script) does, with no tessdata override from the environment.</summary>
internal static class CliRunner
{
    /// <summary>How long a run may take before it is taken for hung: room for a 2-core machine running every test project at once.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private const string Dll = "docassist.dll";

    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, null, DefaultTimeout);

    public static async Task<CliResult> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        (int exitCode, string stdout, string stderr) = await ChildProcess.RunAsync(Dll, args, Environment(environment), timeout, workingDirectory);
        return new CliResult(exitCode, stdout, stderr);
    }

    /// <summary>Starts the CLI without waiting for it.</summary>
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
