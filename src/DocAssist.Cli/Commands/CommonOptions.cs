using System.CommandLine;
using DocAssist.Core;

namespace DocAssist.Cli.Commands;

/// <summary>Options shared by every command that reads documents.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show details and, on errors, stack traces.",
        Recursive = true,
    };

    public static Option<string> Lang() => new("--lang", "-l")
    {
        Description = "OCR language(s): eng, fra or eng+fra. Language files come from tessdata/.",
        DefaultValueFactory = _ => "eng",
        HelpName = "LANG",
    };

    public static Option<string?> Tessdata() => new("--tessdata")
    {
        Description = "Folder with <lang>.traineddata files (default: $DOCASSIST_TESSDATA, then the bundled tessdata/).",
        HelpName = "DIR",
    };

    public static Option<int> Jobs() => new("--jobs", "-j")
    {
        Description = "Pages OCR'd in parallel (default: the number of cores).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        HelpName = "N",
    };

    public static Option<string?> Password() => new("--password")
    {
        Description = "Password for encrypted PDFs.",
        HelpName = "PASSWORD",
    };

    public static Option<long> MaxPixels() => new("--max-pixels")
    {
        Description = "Largest image decoded, in pixels; larger ones are refused with a clear error instead of exhausting memory.",
        DefaultValueFactory = _ => new ExtractOptions().MaxImagePixels,
        HelpName = "N",
    };

    public static Option<bool> InProcess() => new("--in-process")
    {
        Description = "Parse in this process instead of a supervised worker (faster start; a crashing file stops the run).",
        Hidden = true,
    };

    /// <summary>The extraction options named by the shared flags.</summary>
    public sealed class ExtractFlags
    {
        public Option<string> Lang { get; } = CommonOptions.Lang();

        public Option<string?> Tessdata { get; } = CommonOptions.Tessdata();

        public Option<int> Jobs { get; } = CommonOptions.Jobs();

        public Option<string?> Password { get; } = CommonOptions.Password();

        public Option<bool> InProcess { get; } = CommonOptions.InProcess();

        public Option<long> MaxPixels { get; } = CommonOptions.MaxPixels();

        public void AddTo(Command command)
        {
            command.Options.Add(Lang);
            command.Options.Add(Tessdata);
            command.Options.Add(Jobs);
            command.Options.Add(Password);
            command.Options.Add(InProcess);
            command.Options.Add(MaxPixels);
            Jobs.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1)
                {
                    r.AddError("--jobs must be at least 1.");
                }
            });
            Lang.Validators.Add(r =>
            {
                string value = r.GetValueOrDefault<string>() ?? string.Empty;
                if (value.Length == 0 || value.Split('+').Any(l => l.Length == 0 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
                {
                    r.AddError($"--lang '{value}' is not a language list such as eng, fra or eng+fra.");
                }
            });
        }

        public ExtractOptions Read(ParseResult result, bool includeWords = false) => new()
        {
            Languages = result.GetValue(Lang)!,
            TessdataPath = result.GetValue(Tessdata),
            Jobs = result.GetValue(Jobs),
            Password = result.GetValue(Password),
            MaxImagePixels = result.GetValue(MaxPixels),
            IncludeWords = includeWords,
        };
    }
}
