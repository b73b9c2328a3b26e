using System.Text.RegularExpressions;
using DocAssist.App.Extraction;
using DocAssist.Core;
using DocAssist.Core.Model;

namespace DocAssist.Cli.Output;

/// <summary>The one place the CLI spells settings as its flags: library messages mention settings by name
/// (<see cref="Settings.Mention(string)"/>: "the `password` setting", "`languages: fra`"), and every message the CLI prints goes
/// through <see cref="Rewrite(string)"/> ("--password", "--lang fra").</summary>
/// <remarks>Where it is called: every line on stderr (<see cref="CliContext.Err"/> rewrites what it is given, so <see cref="CliContext.Say"/>,
/// the error path of <see cref="Commands.CommandRunner"/> and progress all pass through it), the notices in <c>--json</c> output
/// (<see cref="CliJson.Notices"/>), extraction outcomes before <c>extract</c> prints them (<see cref="Rewrite(ExtractionOutcome)"/>), and doctor's
/// details. Batch outputs written to files (report.json, report.md, each document's .json) and the report <c>batch --json</c> prints, which is
/// report.json, belong to the application layer: they keep the setting names.</remarks>
internal static partial class CliSettings
{
    /// <summary>Gets the flag (or argument) of each setting.</summary>
    public static IReadOnlyDictionary<string, string> Flags { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Settings.Password] = "--password",
        [Settings.MaxImagePixels] = "--max-pixels",
        [Settings.Languages] = "--lang",
        [Settings.Tessdata] = "--tessdata",
        [Settings.BaseUrl] = "--base-url",
        [Settings.Model] = "--model",
        [Settings.Provider] = "--provider",
        [Settings.Endpoint] = "--endpoint",
        [Settings.Policy] = "--policy",
        [Settings.Redact] = "--redact",
        [Settings.Output] = "--out",
        [Settings.Input] = "IN_DIR",
        [Settings.Shard] = "--shard",
    };

    /// <summary>Gets the flag of a setting, or the setting's name when the CLI has no flag for it.</summary>
    /// <param name="setting">A name from <see cref="Settings"/>.</param>
    /// <returns>The flag, e.g. <c>--password</c>.</returns>
    public static string Flag(string setting) => Flags.TryGetValue(setting, out string? flag) ? flag : setting;

    /// <summary>Rewrites the setting mentions of a message into the CLI's flags: "the `password` setting" becomes "--password" and
    /// "`languages: fra`" becomes "--lang fra". Anything else, and mentions of settings the CLI does not know, is left as it is.</summary>
    /// <param name="message">A message from any layer.</param>
    /// <returns>The message as the CLI prints it.</returns>
    public static string Rewrite(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contains('`', StringComparison.Ordinal) ? Mention().Replace(message, Replace) : message;
    }

    /// <summary>Rewrites the error and the document and page warnings of an extraction outcome (<see cref="Rewrite(string)"/>).</summary>
    /// <param name="outcome">An outcome from the pipeline.</param>
    /// <returns>The outcome as the CLI prints and writes it.</returns>
    public static ExtractionOutcome Rewrite(ExtractionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome with
        {
            Error = outcome.Error is { } error ? Rewrite(error) : null,
            Document = outcome.Document is { } document
                ? document with
                {
                    Warnings = [.. document.Warnings.Select(Rewrite)],
                    Pages = [.. document.Pages.Select(p => p.Warnings.Count == 0 ? p : p with { Warnings = [.. p.Warnings.Select(Rewrite)] })],
                }
                : null,
        };
    }

    private static string Replace(Match match)
    {
        if (!Flags.TryGetValue(match.Groups["name"].Value, out string? flag))
        {
            return match.Value;
        }

        return match.Groups["value"].Success ? $"{flag} {match.Groups["value"].Value}" : flag;
    }

    // The two forms of Settings.Mention: "the `name` setting" and "`name: value`".
    [GeneratedRegex("the `(?<name>[A-Za-z]+)` setting|`(?<name>[A-Za-z]+): (?<value>[^`]*)`", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();
}
