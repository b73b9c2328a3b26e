using System.CommandLine;
using System.Globalization;
using DocAssist.App.Asking;
using DocAssist.App.Extraction;
using DocAssist.App.Indexing;
using DocAssist.App.Models;
using DocAssist.App.Notices;
using DocAssist.Cli.Output;
using DocAssist.Core.Model;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Llm.Retrieval;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist ask</c>: answers from the retrieved passages of a file or a folder, citing them by number, with file (relative to the folder), page and word boxes.</summary>
internal static class AskCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("FILE|DIR") { Description = "A document, or a folder of documents (searched recursively)." };
        var question = new Argument<string>("QUESTION") { Description = "The question." };
        question.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
            {
                r.AddError("QUESTION is empty: ask something, e.g. docassist ask report.pdf \"Who signed it?\"");
            }
        });
        var index = new Option<string?>("--index")
        {
            Description = "Keep the folder's search index in DIR and update it incrementally (unchanged files are not read again). Default: an in-memory index for this run.",
            HelpName = "DIR",
        };
        var top = new Option<int>("--top", "-k")
        {
            Description = "How many passages to retrieve.",
            DefaultValueFactory = _ => Retriever.DefaultTopK,
            HelpName = "K",
        };
        var json = new Option<bool>("--json") { Description = "Print {question, answer, extractive, citations (number, file, contentHash, page, text, boxes), warnings, egress, ...} as one JSON object (docs/json.md)." };
        var chat = new Option<bool>("--chat") { Description = "After the answer, read follow-up questions from stdin, one per line (empty line or end of input stops)." };
        var flags = new CommonOptions.ExtractFlags();
        var model = new ModelFlags();
        var command = new Command("ask", """
            Ask a question about a document or a folder. Passages are retrieved (BM25, plus embeddings when the local model offers them)
            and the model answers from them only, citing them by number ([1], [2]); the sources follow the answer with their file
            (relative to the folder asked about) and page. Only documents under FILE|DIR are searched, whatever else the index holds.
            Without a reachable model, prints the best passages with their citations, labelled as extractive.

            Examples:
              docassist ask contract.pdf "What is the notice period?"
              docassist ask --index ~/.cache/docs-index ~/Documents "Which invoices are overdue?"
              docassist ask --json report.pdf "Who signed it?"
              docassist ask --chat minutes.pdf "What was decided?"
            """)
        {
            target, question, index, top, json, chat,
        };
        flags.AddTo(command);
        model.AddTo(command);
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 50)
            {
                r.AddError("--top must be between 1 and 50.");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            bool verbose = result.GetValue(CommonOptions.Verbose);
            return CommandRunner.RunAsync(context, verbose, async ct =>
            {
                ModelClientFactory factory = model.CreateFactory(result, context);
                var request = new Request(
                    result.GetValue(target)!, result.GetValue(question)!, result.GetValue(index), result.GetValue(top), result.GetValue(json),
                    result.GetValue(chat), result.GetValue(model.Extractive));
                try
                {
                    using DocumentPipeline pipeline = flags.Pipeline(result, context);
                    return await RunAsync(context, pipeline, request, factory, ct);
                }
                finally
                {
                    if (!request.Json)
                    {
                        await ModelFlags.ReportAsync(context, factory.Ledger, result.GetValue(model.Audit));
                    }
                }
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, DocumentPipeline pipeline, Request request, ModelClientFactory factory, CancellationToken cancellationToken)
    {
        if (!File.Exists(request.Target) && !Directory.Exists(request.Target))
        {
            context.Say($"{request.Target}: no such file or folder.");
            return ExitCodes.InputError;
        }

        ModelChoice choice = await ModelConnector.ConnectAsync(factory, request.Extractive, cancellationToken);
        using ModelConnection? connection = choice.Connection;
        var notices = new List<Notice>(choice.Notices);
        if (!request.Json)
        {
            ModelFlags.Show(context, choice.Notices);
        }

        using AskSession session = await AskSession.OpenAsync(request.Target, request.IndexDir, pipeline, connection, cancellationToken);
        notices.AddRange(session.Update.Failures);
        if (!request.Json)
        {
            ModelFlags.Show(context, session.Update.Failures);
            if (Directory.Exists(request.Target) || request.IndexDir is not null)
            {
                context.Say(session.Update.Describe());
            }
        }

        int exitCode = session.Update.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.InputError;
        if (session.DocumentCount == 0)
        {
            context.Say($"{request.Target}: no text to search.");
            return ExitCodes.InputError;
        }

        string? question = request.Question;
        while (!string.IsNullOrWhiteSpace(question))
        {
            AskResult answer = await session.AskAsync(question, request.Top, request.Json ? null : text => context.Out.Write(text), cancellationToken);
            if (request.Json)
            {
                await context.Out.WriteAsync(ToJson(question, answer, [.. notices, .. answer.Notices], connection, session.Update, factory.Ledger));
            }
            else
            {
                await context.Out.WriteLineAsync(answer.Extractive ? answer.Text : string.Empty);
                ModelFlags.Show(context, answer.Notices.Select(n => n with { Message = "warning: " + n.Message }));
                if (!answer.Extractive && answer.Citations.Count > 0)
                {
                    await context.Out.WriteLineAsync("\nSources:");
                    foreach (CitedPassage c in answer.Citations)
                    {
                        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  [{c.Number}] {c.Document} p.{c.Page}: {Shorten(c.Text, 160)}"));
                    }
                }
            }

            if (!request.Chat)
            {
                break;
            }

            await context.Err.WriteAsync("\nfollow-up> ");
            question = await context.Input.ReadLineAsync(cancellationToken);
        }

        return exitCode;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string ToJson(string question, AskResult answer, IEnumerable<Notice> warnings, ModelConnection? connection, IndexUpdate update, EgressLedger ledger) =>
        CliJson.Object(w =>
        {
            w.WriteString("question", question);
            w.WriteString("answer", answer.Text);
            w.WriteBoolean("extractive", answer.Extractive);
            w.WriteStartArray("citations");
            foreach (CitedPassage c in answer.Citations)
            {
                w.WriteStartObject();
                w.WriteNumber("number", c.Number);
                w.WriteString("file", c.Document);
                w.WriteString("contentHash", c.ContentHash);
                w.WriteNumber("page", c.Page);
                w.WriteString("text", c.Text);
                w.WriteStartArray("boxes");
                foreach (BoundingBox box in c.Boxes)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(box.Left);
                    w.WriteNumberValue(box.Top);
                    w.WriteNumberValue(box.Right);
                    w.WriteNumberValue(box.Bottom);
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                if (c.Frame is { } frame)
                {
                    w.WriteStartObject("pageSize");
                    w.WriteNumber("width", frame.Width);
                    w.WriteNumber("height", frame.Height);
                    w.WriteString("unit", frame.Unit == PageUnit.Pixel ? "px" : "pt");
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("pageSize");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            CliJson.Model(w, answer.Extractive ? null : connection);
            CliJson.Notices(w, "warnings", warnings);
            w.WriteStartObject("index");
            w.WriteNumber("read", update.Indexed);
            w.WriteNumber("unchanged", update.Unchanged);
            w.WriteNumber("removed", update.Removed);
            w.WriteNumber("failed", update.Failures.Count);
            w.WriteEndObject();
            CliJson.Egress(w, ledger);
        });

    private sealed record Request(string Target, string Question, string? IndexDir, int Top, bool Json, bool Chat, bool Extractive);
}
