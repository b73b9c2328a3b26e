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

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "DocAssist: read, summarize and question your documents on this machine. "
            + "OCR and PDF parsing run locally; nothing leaves the machine unless your policy allows it.")
        {
            ExtractCommand.Create(),
        };
        root.Options.Add(CommonOptions.Verbose);
        return root;
    }
}
