using System.CommandLine;
using DocAssist.App.Extraction;
using DocAssist.App.Models;
using DocAssist.App.Notices;
using DocAssist.App.Summaries;
using DocAssist.Cli.Output;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist summarize</c>: a summary of the whole document, from the user's model or, without one, extractive.</summary>
internal static class SummarizeCommand
{
    public const string Name = "summarize";

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A PDF, image or text file (anything `docassist extract` reads)." };
        var length = UsageErrors.EnumOption("--length", "Summary length: short, medium or long.", SummaryLength.Medium);
        var language = new Option<string?>("--language")
        {
            Description = "Language of the summary, e.g. English or French (default: the document's).",
            HelpName = "LANG",
        };
        var json = new Option<bool>("--json") { Description = "Print {file, summary, extractive, model, notices, egress} as one JSON object (docs/json.md)." };
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
            file, length, language, json,
        };
        flags.AddTo(command);
        model.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            bool verbose = result.GetValue(CommonOptions.Verbose);
            return CommandRunner.RunAsync(context, verbose, async ct =>
            {
                string path = result.GetValue(file)!;
                bool asJson = result.GetValue(json);
                Document document;
                using (DocumentPipeline pipeline = flags.Pipeline(result, context))
                {
                    ExtractionOutcome outcome = await pipeline.ExtractAsync(path, ct);
                    if (outcome.Document is null)
                    {
                        context.Say(outcome.Error!);
                        return outcome.ErrorKind == ExtractionErrorKind.Config ? ExitCodes.ConfigError : ExitCodes.InputError;
                    }

                    document = outcome.Document;
                }

                ModelClientFactory factory = model.CreateFactory(result, context);
                var options = new SummaryOptions { Length = result.GetValue(length), Language = result.GetValue(language) };
                try
                {
                    ModelChoice choice = await ModelConnector.ConnectAsync(factory, result.GetValue(model.Extractive), ct);
                    using ModelConnection? connection = choice.Connection;
                    using var summaries = new SummaryService(connection, options);
                    Action<string>? onText = asJson ? null : text =>
                    {
                        context.Out.Write(text);
                        context.Out.Flush();
                    };
                    var notices = new List<Notice>(choice.Notices);
                    if (!asJson)
                    {
                        ModelFlags.Show(context, choice.Notices);
                    }

                    SummaryResult summary = await summaries.SummarizeAsync(
                        document, onText, asJson ? null : new StderrProgress(context), ct);
                    notices.AddRange(summary.Notices);
                    if (asJson)
                    {
                        await context.Out.WriteAsync(CliJson.Object(w =>
                        {
                            w.WriteString("file", document.File);
                            w.WriteString("summary", summary.Text);
                            w.WriteBoolean("extractive", summary.Extractive);
                            CliJson.Model(w, summary.Extractive ? null : connection);
                            CliJson.Notices(w, "notices", notices);
                            CliJson.Egress(w, factory.Ledger);
                        }));
                    }
                    else
                    {
                        ModelFlags.Show(context, summary.Notices);
                        if (!summary.Extractive)
                        {
                            await context.Out.WriteLineAsync();
                        }
                    }

                    return ExitCodes.Ok;
                }
                finally
                {
                    if (!asJson)
                    {
                        await ModelFlags.ReportAsync(context, factory.Ledger, result.GetValue(model.Audit));
                    }
                }
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Reports progress on stderr synchronously, so lines keep their order.</summary>
    private sealed class StderrProgress(CliContext context) : IProgress<SummaryProgress>
    {
        public void Report(SummaryProgress value) => context.Say($"{value.Stage} ({value.Done}/{value.Total})");
    }
}
