using DocAssist.Cli.Output;
using Spectre.Console;

namespace DocAssist.Cli;

/// <summary>Everything the CLI touches outside itself: its two output consoles, its input, the clock, the environment and (in tests) the network
/// under the egress guard. <see cref="Program.Main"/> passes the process's own; tests pass test consoles and run the CLI in their process.</summary>
/// <param name="Output">Standard output: results (document text, answers, JSON).</param>
/// <param name="Error">Standard error: progress, notices, errors.</param>
/// <param name="Input">Standard input (follow-up questions in <c>ask --chat</c>).</param>
/// <param name="Time">The clock (progress lines, elapsed times).</param>
/// <param name="ErrorIsTerminal">Whether <paramref name="Error"/> is a terminal a live display may redraw.</param>
/// <param name="GetEnvironment">Reads an environment variable (model server, config path).</param>
/// <param name="Transport">Replaces the network handler under the egress guard (tests only), or <see langword="null"/>.</param>
internal sealed record CliContext(
    IAnsiConsole Output,
    IAnsiConsole Error,
    TextReader Input,
    TimeProvider Time,
    bool ErrorIsTerminal,
    Func<string, string?> GetEnvironment,
    Func<HttpMessageHandler>? Transport = null)
{
    private TextWriter? _err;

    /// <summary>Gets the writer of standard output, for text written as it is (no markup).</summary>
    public TextWriter Out => Output.Profile.Out.Writer;

    /// <summary>Gets the writer of standard error, for text written as it is (no markup). It rewrites the setting mentions of every
    /// message into the CLI's flags (<see cref="CliSettings.Rewrite(string)"/>), so nothing written to stderr needs to.</summary>
    public TextWriter Err => _err ??= new FlagWriter(Error.Profile.Out.Writer);

    /// <summary>Gets the context of this process: its console streams, the system clock and the process environment.</summary>
    /// <returns>The context.</returns>
    public static CliContext ForProcess() => new(
        Plain(Console.Out, interactive: false),
        Plain(Console.Error, interactive: !Console.IsErrorRedirected),
        Console.In,
        TimeProvider.System,
        !Console.IsErrorRedirected,
        Environment.GetEnvironmentVariable);

    /// <summary>Writes one line on standard error, prefixed with the program's name.</summary>
    /// <param name="message">The line.</param>
    public void Say(string message) => Err.WriteLine("docassist: " + message);

    private static IAnsiConsole Plain(TextWriter writer, bool interactive) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
    });
}
