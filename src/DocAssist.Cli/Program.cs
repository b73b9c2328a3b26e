using System.CommandLine;
using DocAssist.Cli.Batch;
using DocAssist.Cli.Commands;
using DocAssist.Cli.Extraction;
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
            return await WorkerHost.RunAsync(args.Contains(WorkerHost.WarmUpPdfOption), CancellationToken.None).ConfigureAwait(false);
        }

        if (ReadsDocumentsFirst(args))
        {
            WorkerConnection.StartAhead(warmUpPdf: MayReadPdfs(args));
        }

        try
        {
            return await RunAsync(args).ConfigureAwait(false);
        }
        finally
        {
            WorkerConnection.DiscardAhead();
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        ParseResult parsed = BuildRoot().Parse(args);

        // batch handles Ctrl-C itself: the first one lets the documents in flight finish, a second one stops at once.
        var invocation = new InvocationConfiguration();
        if (parsed.CommandResult.Command.Name == BatchCommand.Name)
        {
            invocation.ProcessTerminationTimeout = null;
        }

        int exitCode = await parsed.InvokeAsync(invocation).ConfigureAwait(false);

        // A usage error (unknown option, bad value) is exit code 2, as documented, not System.CommandLine's 1.
        return parsed.Errors.Count > 0 && exitCode != ExitCodes.Ok ? ExitCodes.ConfigError : exitCode;
    }

    /// <summary>
    /// Whether the command line reads documents before anything else, so a worker process can be started while this one is still
    /// parsing its arguments and the two start-ups overlap: a command that parses files, given an existing file or folder, not asking
    /// for help or to run in this process. Pipes, devices and empty files (size 0) do not count. An unused worker is stopped at exit.
    /// </summary>
    internal static bool ReadsDocumentsFirst(string[] args) =>
        args is [ExtractCommand.Name or SummarizeCommand.Name or BatchCommand.Name, _, ..]
        && !args.Any(a => a is "--in-process" or "--help" or "-h" or "-?")
        && args.Skip(1).Any(a => Directory.Exists(a) || new FileInfo(a) is { Exists: true, Length: > 0 });

    /// <summary>Whether the documents named on the command line may include a PDF: a folder, or a file whose first bytes say PDF.</summary>
    internal static bool MayReadPdfs(string[] args) =>
        args.Skip(1).Any(a => Directory.Exists(a) || (new FileInfo(a) is { Exists: true, Length: > 0 } && SniffsAsPdf(a)));

    /// <summary>Builds the command tree; <paramref name="transport"/> replaces the network handler under the egress guard (tests only).</summary>
    internal static RootCommand BuildRoot(Func<HttpMessageHandler>? transport = null)
    {
        var root = new RootCommand(
            "DocAssist: read, summarize and question your documents on this machine. "
            + "OCR and PDF parsing run locally; nothing leaves the machine unless your policy allows it.")
        {
            ExtractCommand.Create(),
            SummarizeCommand.Create(transport),
            AskCommand.Create(transport),
            DoctorCommand.Create(transport),
            BatchCommand.Create(transport),
        };
        root.Options.Add(CommonOptions.Verbose);
        return root;
    }

    private static bool SniffsAsPdf(string path)
    {
        try
        {
            return FileKindDetector.Detect(path) == DocumentKind.Pdf;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
