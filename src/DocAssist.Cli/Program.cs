using System.CommandLine;
using DocAssist.Cli.Commands;
using DocAssist.Cli.Extraction;

namespace DocAssist.Cli;

/// <summary>The <c>docassist</c> entry point.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [WorkerHost.Command])
        {
            return await WorkerHost.RunAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return await BuildRoot().Parse(args).InvokeAsync().ConfigureAwait(false);
    }

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
        };
        root.Options.Add(CommonOptions.Verbose);
        return root;
    }
}
