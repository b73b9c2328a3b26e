using System.CommandLine;
using System.Text;
using System.Text.Json;
using DocAssist.App.Extraction;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Llm.Answers;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist ask</c>: answers from the retrieved passages of a file or a folder, citing them as [file p.N].</summary>
internal static class AskCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("FILE|DIR") { Description = "A document, or a folder of documents (searched recursively)." };
        var question = new Argument<string>("QUESTION") { Description = "The question." };
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
        var json = new Option<bool>("--json") { Description = "Print {answer, extractive, citations, egress, ...} as JSON." };
        var chat = new Option<bool>("--chat") { Description = "After the answer, read follow-up questions from stdin, one per line (empty line or end of input stops)." };
        var flags = new CommonOptions.ExtractFlags();
        var model = new ModelFlags();
        var command = new Command("ask", """
            Ask a question about a document or a folder. Passages are retrieved (BM25, plus embeddings when the local model offers them)
            and the model answers from them only, citing them as [file p.N]. Without a reachable model, prints the best passages
            with their citations, labelled as extractive.

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
            await context.Err.WriteLineAsync($"docassist: {request.Target}: no such file or folder.");
            return ExitCodes.InputError;
        }

        using Bm25Index index = request.IndexDir is { } dir ? Bm25Index.Open(dir) : Bm25Index.OpenInMemory();
        int failures = await UpdateIndexAsync(context, pipeline, index, request, cancellationToken);
        if (index.PassageCount == 0)
        {
            await context.Err.WriteLineAsync($"docassist: {request.Target}: no text to search.");
            return ExitCodes.InputError;
        }

        using ModelConnection? connection = await ModelFlags.ConnectAsync(context, factory, request.Extractive, cancellationToken);
        var retriever = new Retriever(index, connection?.Embeddings, connection?.EmbeddingModel);
        var answerer = new QuestionAnswerer(retriever, connection?.Chat, connection?.ContextTokens ?? ModelOptions.DefaultContextTokens);
        var conversation = new Conversation();
        string? question = request.Question;
        while (!string.IsNullOrWhiteSpace(question))
        {
            Answer answer = await AnswerAsync(context, answerer, index, question, conversation, request, connection, cancellationToken);
            if (request.Json)
            {
                await context.Out.WriteLineAsync(ToJson(answer, connection, factory.Ledger));
            }
            else
            {
                foreach (string warning in answer.Warnings)
                {
                    await context.Err.WriteLineAsync("docassist: warning: " + warning);
                }

                if (!answer.Extractive && answer.Citations.Count > 0)
                {
                    await context.Out.WriteLineAsync("\nSources:");
                    foreach (Citation c in answer.Citations)
                    {
                        await context.Out.WriteLineAsync($"  [{Path.GetFileName(c.File)} p.{c.Page}] {Shorten(c.Text, 160)}");
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

        return failures == 0 ? ExitCodes.Ok : ExitCodes.InputError;
    }

    private static async Task<Answer> AnswerAsync(
        CliContext context, QuestionAnswerer answerer, Bm25Index index, string question, Conversation conversation, Request request, ModelConnection? connection, CancellationToken cancellationToken)
    {
        bool streamed = false;
        try
        {
            Answer answer = await answerer.AskAsync(
                question,
                conversation,
                request.Json ? null : text =>
                {
                    streamed |= text.Length > 0;
                    context.Out.Write(text);
                },
                request.Top,
                cancellationToken);
            if (!request.Json)
            {
                await context.Out.WriteLineAsync(answer.Extractive ? answer.Text : string.Empty);
            }

            return answer;
        }
        catch (Exception ex) when (!streamed && connection is not null && ModelErrors.IsUnreachable(ex))
        {
            await context.Err.WriteLineAsync($"docassist: the model became unreachable ({ex.Message}); showing the best passages instead.");
            Answer answer = await new QuestionAnswerer(new Retriever(index), chat: null).AskAsync(question, topK: request.Top, cancellationToken: cancellationToken);
            if (!request.Json)
            {
                await context.Out.WriteLineAsync(answer.Text);
            }

            return answer;
        }
    }

    private static async Task<int> UpdateIndexAsync(CliContext context, DocumentPipeline service, Bm25Index index, Request request, CancellationToken cancellationToken)
    {
        bool folder = Directory.Exists(request.Target);
        List<string> files = folder
            ? [.. Directory.EnumerateFiles(request.Target, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                .Where(f => !Path.GetFileName(f).StartsWith(Bm25Index.FileName, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)]
            : [request.Target];
        var keys = files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        int removed = 0;
        foreach (string stale in index.Files().Where(f => !keys.Contains(f) && !File.Exists(f)))
        {
            index.Remove(stale);
            removed++;
        }

        int unchanged = 0, indexed = 0, failures = 0;
        foreach (string file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string key = Path.GetFullPath(file);
            string hash = await ContentHash.OfFileAsync(file, cancellationToken);
            if (index.GetHash(key) == hash)
            {
                unchanged++;
                continue;
            }

            ExtractionOutcome outcome = await service.ExtractAsync(file, cancellationToken);
            if (outcome.Document is not { } document)
            {
                // In a folder, files of other kinds are expected: report them and go on.
                await context.Err.WriteLineAsync("docassist: " + outcome.Error);
                if (outcome.ErrorKind == ExtractionErrorKind.Config)
                {
                    throw new Core.Errors.ConfigException(outcome.Error ?? "configuration error.");
                }

                failures += folder ? 0 : 1;
                continue;
            }

            document = document with { File = key };
            index.Upsert(document, hash, Chunker.ForRetrieval(document));
            indexed++;
        }

        if (folder || request.IndexDir is not null)
        {
            await context.Err.WriteLineAsync(
                $"docassist: index: {indexed} file(s) read, {unchanged} unchanged, {removed} removed; {index.PassageCount} passages" + (index.Path is { } p ? $" in {p}." : "."));
        }

        return failures;
    }

    private static string Display(string file)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string ToJson(Answer answer, ModelConnection? connection, EgressLedger ledger)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("answer", answer.Text);
            w.WriteBoolean("extractive", answer.Extractive);
            w.WriteStartArray("citations");
            foreach (Citation c in answer.Citations)
            {
                w.WriteStartObject();
                w.WriteString("file", Display(c.File));
                w.WriteNumber("page", c.Page);
                w.WriteString("text", c.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (connection is not null)
            {
                w.WriteString("model", connection.Model);
                w.WriteString("endpoint", connection.Endpoint.GetLeftPart(UriPartial.Authority));
            }

            w.WriteStartArray("warnings");
            foreach (string warning in answer.Warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
            w.WriteStartArray("egress");
            foreach (EgressLedgerEntry e in ledger.Entries)
            {
                w.WriteStartObject();
                w.WriteString("destination", e.Destination);
                w.WriteString("purpose", e.Purpose);
                w.WriteBoolean("loopback", e.IsLoopback);
                w.WriteNumber("requests", e.Requests);
                w.WriteNumber("bytesSent", e.BytesSent);
                w.WriteNumber("bytesReceived", e.BytesReceived);
                w.WriteNumber("refused", e.Refused);
                w.WriteStartObject("redactions");
                foreach ((string kind, int count) in e.Redactions)
                {
                    w.WriteNumber(kind, count);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("bytesLeftMachine", ledger.BytesLeftMachine);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed record Request(
        string Target, string Question, string? IndexDir, int Top, bool Json, bool Chat, bool Extractive);
}
