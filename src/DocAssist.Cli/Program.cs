using System.CommandLine;
using DocAssist.App.Extraction;
using DocAssist.Cli.Batch;
using DocAssist.Cli.Commands;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.Cli;

/// <summary>The <c>docassist</c> entry point.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [WorkerHost.Command, ..])
        {
            return await WorkerHost.RunAsync(
                Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, WorkerHost.WarmUpOf(args), CancellationToken.None);
        }

        if (ReadsDocumentsFirst(args))
        {
            DocumentPipeline.StartWorkerAhead(Worker, WarmUpFor(args));
        }

        try
        {
            return await RunAsync(args, CliContext.ForProcess());
        }
        finally
        {
            DocumentPipeline.DiscardWorkerAhead();
        }
    }

    /// <summary>Gets how this CLI starts its worker processes: itself, with <see cref="WorkerHost.Command"/>.</summary>
    internal static WorkerLaunch Worker { get; } = WorkerLaunch.ForProgram(typeof(Program).Assembly);

    /// <summary>Runs one command line against a context (the process's own, or a test's) and returns the exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">Consoles, clock, environment.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ParseResult parsed = BuildRoot(context).Parse(args);
        IReadOnlyList<string> usageErrors = UsageErrors.Of(parsed);
        if (usageErrors.Count > 0)
        {
            // A usage error (unknown option, bad value) is exit code 2, as documented: one line per error on stderr, nothing on stdout.
            foreach (string error in usageErrors)
            {
                context.Say(error);
            }

            return ExitCodes.ConfigError;
        }

        // batch handles Ctrl-C itself: the first one lets the documents in flight finish, a second one stops at once.
        var invocation = new InvocationConfiguration();
        if (parsed.CommandResult.Command.Name == BatchCommand.Name)
        {
            invocation.ProcessTerminationTimeout = null;
        }

        invocation.Output = context.Out;
        invocation.Error = context.Err;
        return await parsed.InvokeAsync(invocation);
    }

    /// <summary>
    /// Whether the command line reads documents before anything else, so a worker process can be started while this one is still
    /// parsing its arguments and the two start-ups overlap: a command that parses files, given an existing file or folder, not asking
    /// for help or to run in this process. Pipes, devices and empty files (size 0) do not count. An unused worker is stopped at exit.
    /// </summary>
    internal static bool ReadsDocumentsFirst(string[] args) =>
        args is [ExtractCommand.Name or SummarizeCommand.Name or BatchCommand.Name, _, ..]
        && !args.Any(a => a is "--in-process" or "--help" or "-h" or "-?")
        && DocumentArguments(args).Any(a => Directory.Exists(a) || new FileInfo(a) is { Exists: true, Length: > 0 });

    /// <summary>What the worker started ahead spends its wait on: PDF parsing when a PDF or a folder is named, OCR when an image or a folder is
    /// (a PDF alone does not warm OCR up: a born-digital one never needs it).</summary>
    internal static WorkerWarmUp WarmUpFor(string[] args)
    {
        var warmUp = WorkerWarmUp.None;
        foreach (string a in DocumentArguments(args))
        {
            warmUp |= Directory.Exists(a) ? WorkerWarmUp.Pdf | WorkerWarmUp.Ocr
                : new FileInfo(a) is not { Exists: true, Length: > 0 } ? WorkerWarmUp.None
                : Sniff(a) switch
                {
                    DocumentKind.Pdf => WorkerWarmUp.Pdf,
                    DocumentKind.Image => WorkerWarmUp.Ocr,
                    _ => WorkerWarmUp.None,
                };
        }

        return warmUp;
    }

    /// <summary>The options whose value names a file or folder that is not a document to read (<c>--tessdata tessdata</c> is a folder, but not one of PDFs).</summary>
    internal static readonly string[] PathOptions = ["--tessdata", "--out", "-o", "--config"];

    // The arguments after the command that may name documents: all but the values of the path options.
    private static IEnumerable<string> DocumentArguments(string[] args) =>
        args.Skip(1).Where((_, i) => !PathOptions.Contains(args[i], StringComparer.Ordinal));

    /// <summary>Builds the command tree over a context.</summary>
    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "DocAssist: read, summarize and question your documents on this machine. "
            + "OCR and PDF parsing run locally; nothing leaves the machine unless your policy allows it.")
        {
            ExtractCommand.Create(context),
            SummarizeCommand.Create(context),
            AskCommand.Create(context),
            DoctorCommand.Create(context),
            BatchCommand.Create(context),
            ServeCommand.Create(context),
        };
        root.Options.Add(CommonOptions.Verbose);
        return root;
    }

    private static DocumentKind? Sniff(string path)
    {
        try
        {
            return FileKindDetector.Detect(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
