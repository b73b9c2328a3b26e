using System.CommandLine;
using DocAssist.Cli.Extraction;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist summarize</c>: a summary of the whole document, from the user's model or, without one, extractive.</summary>
internal static class SummarizeCommand
{
    public const string Name = "summarize";

    public static Command Create(Func<HttpMessageHandler>? transport = null)
    {
        var file = new Argument<string>("FILE") { Description = "A PDF, image or text file (anything `docassist extract` reads)." };
        var length = new Option<SummaryLength>("--length")
        {
            Description = "Summary length: short, medium or long.",
            DefaultValueFactory = _ => SummaryLength.Medium,
        };
        var language = new Option<string?>("--language")
        {
            Description = "Language of the summary, e.g. English or French (default: the document's).",
            HelpName = "LANG",
        };
        var flags = new CommonOptions.ExtractFlags();
        var model = new ModelFlags();
        var command = new Command(Name, """
            Summarize a document. The whole document is covered: when it exceeds the model's context, parts are summarized and then combined.
            Without a reachable model, prints an extractive summary (the document's most central sentences), labelled as such.

            Examples:
              docassist summarize report.pdf
              docassist summarize --length short --language English scan.jpg
              docassist summarize --audit letter.pdf        also print what left the machine (nothing, by default)
            """)
        {
            file, length, language,
        };
        flags.AddTo(command);
        model.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            bool verbose = result.GetValue(CommonOptions.Verbose);
            return CommandRunner.RunAsync(verbose, async ct =>
            {
                string path = result.GetValue(file)!;
                using var service = new ExtractionService(!result.GetValue(flags.InProcess), ExtractionService.DefaultDocumentTimeout, verbose);
                ExtractionOutcome outcome = await service.ExtractAsync(path, flags.Read(result), ct).ConfigureAwait(false);
                if (outcome.Document is not { } document)
                {
                    await Console.Error.WriteLineAsync("docassist: " + outcome.Error).ConfigureAwait(false);
                    return outcome.ErrorKind == ExtractionErrorKind.Config ? ExitCodes.ConfigError : ExitCodes.InputError;
                }

                ModelClientFactory factory = model.CreateFactory(result, transport);
                var options = new SummaryOptions { Length = result.GetValue(length), Language = result.GetValue(language) };
                try
                {
                    return await RunAsync(document, options, factory, result.GetValue(model.Extractive), ct).ConfigureAwait(false);
                }
                finally
                {
                    await ModelFlags.ReportAsync(factory.Ledger, result.GetValue(model.Audit)).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(Document document, SummaryOptions options, ModelClientFactory factory, bool extractive, CancellationToken cancellationToken)
    {
        using ModelConnection? connection = await ModelFlags.ConnectAsync(factory, extractive, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            await Console.Out.WriteAsync(ExtractiveSummarizer.Summarize(document, options.Length, cancellationToken).Render()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var summarizer = new Summarizer(connection.Chat, connection.ContextTokens);
        int parts = summarizer.Plan(document, options).Count;
        if (parts > 1)
        {
            await Console.Error.WriteLineAsync($"docassist: {document.Pages.Count} page(s) exceed the model's context ({connection.ContextTokens} tokens): summarizing {parts} parts, then combining them.").ConfigureAwait(false);
        }

        bool wrote = false;
        var progress = new StderrProgress();
        try
        {
            await foreach (string piece in summarizer.SummarizeAsync(document, options, progress, cancellationToken).ConfigureAwait(false))
            {
                wrote |= piece.Length > 0;
                await Console.Out.WriteAsync(piece).ConfigureAwait(false);
                await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!wrote && ModelErrors.IsUnreachable(ex))
        {
            await Console.Error.WriteLineAsync($"docassist: the model became unreachable ({ex.Message}); falling back to an extractive summary.").ConfigureAwait(false);
            await Console.Out.WriteAsync(ExtractiveSummarizer.Summarize(document, options.Length, cancellationToken).Render()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await Console.Out.WriteLineAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Reports progress on stderr synchronously, so lines keep their order.</summary>
    private sealed class StderrProgress : IProgress<SummaryProgress>
    {
        public void Report(SummaryProgress value) => Console.Error.WriteLine($"docassist: {value.Stage} ({value.Done}/{value.Total})");
    }
}
