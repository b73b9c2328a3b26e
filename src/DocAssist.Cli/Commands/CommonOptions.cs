using System.CommandLine;
using DocAssist.App.Extraction;
using DocAssist.Core;

namespace DocAssist.Cli.Commands;

/// <summary>Options shared by every command that reads documents.</summary>
internal static class CommonOptions
{
    // Every default is ExtractOptions' own: the flags restate none.
    private static readonly ExtractOptions Defaults = new();

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show details and, on errors, stack traces.",
        Recursive = true,
    };

    public static Option<string> Lang() => new("--lang", "-l")
    {
        Description = "OCR language(s): eng, fra or eng+fra. Language files come from tessdata/.",
        DefaultValueFactory = _ => Defaults.Languages,
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
        DefaultValueFactory = _ => Defaults.Jobs,
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
        DefaultValueFactory = _ => Defaults.MaxImagePixels,
        HelpName = "N",
    };

    public static Option<double> PageTimeout() => new("--page-timeout")
    {
        Description = "Seconds OCR of one page may take; a page over it is stopped and reported (in a batch, its document is recorded as failed, a time-out, and the batch goes on; the next run tries it again).",
        DefaultValueFactory = _ => Defaults.PageTimeout.TotalSeconds,
        HelpName = "SECONDS",
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

        public Option<double> PageTimeout { get; } = CommonOptions.PageTimeout();

        public void AddTo(Command command)
        {
            command.Options.Add(Lang);
            command.Options.Add(Tessdata);
            command.Options.Add(Jobs);
            command.Options.Add(Password);
            command.Options.Add(InProcess);
            command.Options.Add(MaxPixels);
            command.Options.Add(PageTimeout);
            PageTimeout.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<double>() is <= 0 or > 86_400)
                {
                    r.AddError("--page-timeout must be between 0 and 86400 seconds.");
                }
            });
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
            PageTimeout = TimeSpan.FromSeconds(result.GetValue(PageTimeout)),
            IncludeWords = includeWords,
        };

        /// <summary>Builds the extraction pipeline the flags describe: in worker processes of this CLI unless <c>--in-process</c>; workers' stderr shown with <c>--verbose</c>.</summary>
        public DocumentPipeline Pipeline(ParseResult result, CliContext context, bool includeWords = false)
        {
            DocumentPipelineBuilder builder = new DocumentPipelineBuilder()
                .UseOptions(Read(result, includeWords))
                .UseWorkerLog(result.GetValue(Verbose) ? line => context.Err.WriteLine(line) : null);
            return (result.GetValue(InProcess) ? builder.UseThisProcess() : builder.UseWorkerProcesses(Program.Worker)).Build();
        }
    }
}
