using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using DocAssist.App.Extraction;
using DocAssist.App.Output;
using DocAssist.Cli.Output;
using DocAssist.Core.Model;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist extract</c>: on-device text from PDFs, scans and photos, page by page.</summary>
internal static class ExtractCommand
{
    public const string Name = "extract";

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "PDF, image (PNG, JPEG, TIFF, BMP, GIF, WebP, JPEG 2000) or text files. The type is read from the content, not the name.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = UsageErrors.EnumOption(
            "--format",
            "Output format: text (pages separated by form feeds), markdown (a heading per page) or json (pages, sources, confidences, warnings).",
            OutputFormat.Text,
            "-f");
        var json = new Option<bool>("--json") { Description = "Same as --format json." };
        var outDir = new Option<string?>("--out", "-o")
        {
            Description = "Write one file per input into DIR (created if missing) instead of stdout.",
            HelpName = "DIR",
        };
        var words = new Option<bool>("--words") { Description = "Include every word with its confidence and box in JSON output." };
        var searchablePdf = new Option<string?>("--searchable-pdf")
        {
            Description = "Also write a searchable PDF of the (single) PDF or image FILE to OUT.pdf: OCR'd pages carry an invisible text layer over their image; pages that already have a real text layer are kept as they are.",
            HelpName = "OUT.pdf",
        };
        var flags = new CommonOptions.ExtractFlags();

        var command = new Command(Name, """
            Extract text from documents on this machine: text layers are kept, scans are OCR'd, page by page.

            Examples:
              docassist extract scan.jpg                      text to stdout
              docassist extract --format markdown report.pdf  a heading per page, with source and confidence
              docassist extract --json --words scan.tiff      pages, sources, confidences, word boxes
              docassist extract --lang eng+fra -o out/ *.pdf  one file per input in out/
              docassist extract --searchable-pdf scan.ocr.pdf scan.pdf  text to stdout, and a PDF you can search and copy from
            """)
        {
            files, format, json, outDir, words, searchablePdf,
        };
        flags.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(searchablePdf) is not null && r.GetValue(files) is { Length: > 1 })
            {
                r.AddError("--searchable-pdf makes one PDF from one FILE; give a single FILE (or use `docassist batch --searchable-pdf` for folders).");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            var request = new Request(
                result.GetValue(files)!,
                result.GetValue(json) ? OutputFormat.Json : result.GetValue(format),
                result.GetValue(outDir),
                result.GetValue(searchablePdf));
            return CommandRunner.RunAsync(
                context,
                result.GetValue(CommonOptions.Verbose),
                async ct =>
                {
                    using DocumentPipeline pipeline = flags.Pipeline(result, context, result.GetValue(words));
                    return await RunAsync(context, pipeline, request, ct);
                },
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, DocumentPipeline service, Request request, CancellationToken cancellationToken)
    {
        if (request.OutDir is not null)
        {
            Directory.CreateDirectory(request.OutDir);
        }

        var names = new OutputNames();
        var jsonResults = new List<DocumentJson>();
        int failures = 0;
        bool several = request.Files.Length > 1;
        long started = context.Time.GetTimestamp();

        using PageProgress? progress = PageProgress.For(context, request.Files);
        IAsyncEnumerable<ExtractionOutcome> outcomes = request.SearchablePdf is not null
            ? ExtractSearchableAsync(context, service, request, progress, cancellationToken)
            : progress is not null
                ? ExtractOneAsync(service, request.Files[0], progress, cancellationToken)
                : service.ExtractAllAsync(request.Files, cancellationToken);
        await foreach (ExtractionOutcome outcome in outcomes.Select(CliSettings.Rewrite))
        {
            progress?.Clear();
            if (outcome.Document is not { } document)
            {
                failures++;
                await context.Err.WriteLineAsync("docassist: " + outcome.Error
                    + (Directory.Exists(outcome.Path) ? $" For a whole folder: docassist batch {outcome.Path} --out OUT_DIR" : string.Empty));
                jsonResults.Add(DocumentJson.Failed(outcome.Path, outcome.Error!, outcome.ErrorKind.ToString().ToLowerInvariant()));
                if (outcome.ErrorKind == ExtractionErrorKind.Config)
                {
                    if (request.Format == OutputFormat.Json && request.OutDir is null)
                    {
                        await context.Out.WriteAsync(DocumentWriter.RenderJson(jsonResults));
                    }

                    return ExitCodes.ConfigError;
                }

                continue;
            }

            foreach (string warning in document.Warnings)
            {
                await context.Err.WriteLineAsync($"docassist: warning: {document.File}: {warning}");
            }

            if (request.OutDir is not null)
            {
                string target = Path.Combine(request.OutDir, names.For(document.File, DocumentWriter.Extension(request.Format)));
                await AtomicFile.WriteAllTextAsync(target, DocumentWriter.Render(document, request.Format), cancellationToken: cancellationToken);
                await context.Err.WriteLineAsync($"{document.File} → {target} ({Describe(document)}, {context.Time.GetElapsedTime(started).TotalSeconds:0.0} s)");
                started = context.Time.GetTimestamp();
            }
            else if (request.Format == OutputFormat.Json)
            {
                jsonResults.Add(DocumentJson.From(document));
            }
            else
            {
                if (several)
                {
                    await context.Out.WriteAsync(request.Format == OutputFormat.Text ? $"==> {document.File} <==\n" : string.Empty);
                }

                await context.Out.WriteAsync(DocumentWriter.Render(document, request.Format));
                await context.Out.FlushAsync(cancellationToken);
            }
        }

        if (request.OutDir is null && request.Format == OutputFormat.Json)
        {
            await context.Out.WriteAsync(DocumentWriter.RenderJson(jsonResults));
        }

        return failures == 0 ? ExitCodes.Ok : ExitCodes.InputError;
    }

    private static async IAsyncEnumerable<ExtractionOutcome> ExtractOneAsync(
        DocumentPipeline service, string file, PageProgress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await service.ExtractAsync(file, null, p => progress.Report(p.PagesDone), cancellationToken);
    }

    private static async IAsyncEnumerable<ExtractionOutcome> ExtractSearchableAsync(
        CliContext context, DocumentPipeline service, Request request, PageProgress? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string target = Path.GetFullPath(request.SearchablePdf!);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = AtomicFile.TempPathFor(target);
        ExtractionOutcome outcome;
        try
        {
            outcome = await service.ExtractAsync(request.Files[0], temp, progress is null ? null : p => progress.Report(p.PagesDone), cancellationToken);
            progress?.Clear();
            if (outcome.Document is { } document)
            {
                if (File.Exists(temp))
                {
                    File.Move(temp, target, overwrite: true);
                    await context.Err.WriteLineAsync($"{document.File} → {target} (searchable PDF, {Describe(document)})");
                }
                else
                {
                    outcome = outcome with
                    {
                        Document = null,
                        Error = $"{document.File}: a searchable PDF is made from PDFs and images, not {document.Kind.ToString().ToLowerInvariant()} files.",
                        ErrorKind = ExtractionErrorKind.Input,
                    };
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }

        yield return outcome;
    }

    private static string Describe(Document document)
    {
        int ocr = document.Pages.Count(p => p.Source == PageSource.Ocr);
        int text = document.Pages.Count(p => p.Source == PageSource.TextLayer);
        return string.Create(CultureInfo.InvariantCulture, $"{document.Pages.Count} page(s): {text} text layer, {ocr} OCR");
    }

    private sealed record Request(string[] Files, OutputFormat Format, string? OutDir, string? SearchablePdf);
}
