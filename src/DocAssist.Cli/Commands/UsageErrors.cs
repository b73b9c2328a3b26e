using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DocAssist.Cli.Commands;

/// <summary>Turns a wrong command line into usage errors the user can act on: each names the flag (and, for an unknown one, the command and
/// where its help is); <see cref="Program.RunAsync"/> prints them on stderr and exits with <see cref="ExitCodes.ConfigError"/>.</summary>
internal static class UsageErrors
{
    /// <summary>Gets the usage errors of a parse, in command-line order; empty when the command line is fine or asks for help.</summary>
    /// <param name="parsed">The parse of the whole command line.</param>
    /// <returns>One sentence per error, without the program's prefix.</returns>
    public static IReadOnlyList<string> Of(ParseResult parsed)
    {
        if (parsed.Action is HelpAction)
        {
            return [];
        }

        Command command = parsed.CommandResult.Command;
        string path = CommandPath(parsed.CommandResult);
        string[] unknown = [.. UnknownOptions(parsed, command)];
        if (unknown.Length > 0)
        {
            string where = command is RootCommand ? string.Empty : $" for `{path}`";
            string help = command is RootCommand ? "docassist --help" : $"docassist {path} --help";
            return [.. unknown.Select(flag => $"unknown option {flag}{where}; see `{help}`.")];
        }

        return [.. parsed.Errors.Select(e => Sentence(e.Message)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Makes an option whose values are the names of an enum, lower case, any case accepted; a wrong value is the usage error
    /// "--flag 'value' is not one of a, b, c." instead of System.CommandLine's message naming the .NET type.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="name">The flag.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="defaultValue">Its value when not given.</param>
    /// <param name="aliases">Its short forms.</param>
    /// <returns>The option.</returns>
    public static Option<T> EnumOption<T>(string name, string description, T defaultValue, params string[] aliases)
        where T : struct, Enum
    {
        string choices = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        var option = new Option<T>(name, aliases)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', Enum.GetNames<T>().Select(n => n.ToLowerInvariant())),
        };
        option.CustomParser = r =>
        {
            string value = r.Tokens.Count > 0 ? r.Tokens[^1].Value : string.Empty;
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                && Enum.TryParse(value, ignoreCase: true, out T parsed)
                && Enum.IsDefined(parsed))
            {
                return parsed;
            }

            r.AddError($"{name} '{value}' is not one of {choices}.");
            return default;
        };
        return option;
    }

    /// <summary>Tokens that look like options (a dash, then a letter or a dash) but were taken as arguments or left unmatched; tokens after
    /// <c>--</c> are arguments whatever they look like.</summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parsed, Command command)
    {
        int doubleDash = -1;
        for (int i = 0; i < parsed.Tokens.Count; i++)
        {
            if (parsed.Tokens[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        var afterDoubleDash = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        if (doubleDash >= 0)
        {
            foreach (Token token in parsed.Tokens.Skip(doubleDash + 1))
            {
                afterDoubleDash.Add(token);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> taken = command.Arguments
            .SelectMany(a => parsed.GetResult(a)?.Tokens ?? [])
            .Where(t => !afterDoubleDash.Contains(t))
            .Select(t => t.Value);
        IEnumerable<string> unmatched = doubleDash >= 0 ? [] : parsed.UnmatchedTokens;
        foreach (string value in taken.Concat(unmatched))
        {
            if (LooksLikeOption(value) && seen.Add(value))
            {
                yield return value.Split('=', ':')[0];
            }
        }
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsAsciiLetter(token[1]) || (token[1] == '-' && token.Length > 2));

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Command is not RootCommand; r = r.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return string.Join(' ', names);
    }

    private static string Sentence(string message)
    {
        string trimmed = message.Trim();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }
}
