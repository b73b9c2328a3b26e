using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using DocAssist.App.Batch;
using DocAssist.Cli.Commands;
using DocAssist.Cli.Output;
using DocAssist.Llm.Summaries;

namespace DocAssist.Cli.Batch;

/// <summary><c>docassist batch</c>: a whole folder, every core busy, resumable, with a report.</summary>
internal static class BatchCommand
{
    public const string Name = "batch";

    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("IN_DIR") { Description = "The folder to read, recursively: every PDF, image and text file in it (by content, not name)." };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The folder to write to (created if missing): the input tree mirrored, each document as .txt, .md and .json, plus report.md and report.json.",
            HelpName = "OUT_DIR",
            Required = true,
        };
        var searchable = new Option<bool>("--searchable-pdf")
        {
            Description = "Also write NAME.searchable.pdf for every PDF and image: OCR'd pages carry an invisible text layer over their image; pages that already have a real text layer are kept as they are.",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Do only part K of N of the folder, split by content hash, e.g. 2/8; run the N parts anywhere (a Kubernetes indexed Job, a Slurm array) into one OUT_DIR.",
            HelpName = "K/N",
        };
        var watch = new Option<bool>("--watch") { Description = "Keep running: take new or changed files as they arrive, once they have stopped changing. Ctrl-C stops." };
        var watchInterval = new Option<double>("--watch-interval")
        {
            Description = "Seconds between looks at the folder in --watch mode.",
            DefaultValueFactory = _ => 2,
            Hidden = true,
        };
        var settle = new Option<double>("--settle")
        {
            Description = "Seconds a file must stay unchanged before --watch reads it.",
            DefaultValueFactory = _ => 2,
            Hidden = true,
        };
        var progressInterval = new Option<double>("--progress-interval")
        {
            Description = "Seconds between plain progress lines when stderr is not a terminal.",
            DefaultValueFactory = _ => 5,
            Hidden = true,
        };
        var index = new Option<bool>("--index")
        {
            Description = "Also keep the folder's question index up to date in OUT_DIR/.docassist/index (ask questions with `docassist ask --index OUT_DIR/.docassist/index IN_DIR \"...\"`).",
        };
        var summarize = new Option<bool>("--summarize")
        {
            Description = "Also write NAME.summary.md for every document, from your model (through the egress guard; see `docassist summarize --help`), or extractive when none answers. A summary the model fails to write is named in the report and retried by the next run.",
        };
        var length = UsageErrors.EnumOption("--length", "Summary length with --summarize: short, medium or long.", SummaryLength.Medium);
        var json = new Option<bool>("--json") { Description = "At the end, print the report (what report.json holds) on stdout as one JSON object (docs/json.md)." };
        var flags = new CommonOptions.ExtractFlags();
        var model = new ModelFlags();
        var command = new Command(Name, """
            Extract a whole folder at full machine speed: pages of many documents share one OCR engine pool, a killed run leaves no
            torn file, and a report says what happened. A re-run skips the documents that succeeded (same content, same options) and
            tries every failed one again (after installing a language pack, fixing permissions or raising --page-timeout, run the same
            command). Exit code 0 when every document succeeded, 1 when some failed (named in the report), 2 on a usage or system
            error, 130 when interrupted (Ctrl-C or SIGTERM finishes the documents in flight, then saves the state and a report that
            names the documents not started; a second Ctrl-C stops at once).

            Examples:
              docassist batch scans/ --out text/                   every document as .txt, .md and .json, plus text/report.md
              docassist batch scans/ --out text/ --searchable-pdf  also a searchable PDF of every PDF and image
              docassist batch inbox/ --out text/ --watch           keep going: take new files as they arrive
              docassist batch scans/ --out text/ --shard 3/8       the third of eight parts (run the eight anywhere)
              docassist batch scans/ --out text/ --summarize       also a summary of every document (local model, or extractive)
            """)
        {
            input, output, searchable, index, summarize, length, shard, watch, watchInterval, settle, progressInterval, json,
        };
        flags.AddTo(command);
        model.AddTo(command);
        shard.Validators.Add(r =>
        {
            if (!ShardSpec.TryParse(r.GetValueOrDefault<string?>(), out _, out string? error))
            {
                r.AddError(error!);
            }
        });

        command.SetAction((result, cancellationToken) =>
        {
            bool verbose = result.GetValue(CommonOptions.Verbose);
            ShardSpec part = ShardSpec.TryParse(result.GetValue(shard) ?? "1/1", out ShardSpec parsed, out _) ? parsed : ShardSpec.All;
            var settings = new BatchSettings(
                result.GetValue(input)!,
                result.GetValue(output)!,
                flags.Read(result),
                result.GetValue(searchable),
                part,
                result.GetValue(watch),
                TimeSpan.FromSeconds(Math.Max(0.1, result.GetValue(watchInterval))),
                TimeSpan.FromSeconds(Math.Max(0, result.GetValue(settle))),
                TimeSpan.FromSeconds(Math.Max(0.2, result.GetValue(progressInterval))),
                !result.GetValue(flags.InProcess),
                verbose,
                result.GetValue(index),
                result.GetValue(summarize)
                    ? new BatchSummaries(model.CreateFactory(result, context), new SummaryOptions { Length = result.GetValue(length) }, result.GetValue(model.Extractive))
                    : null,
                Program.Worker,
                verbose ? line => context.Err.WriteLine(line) : null);
            return CommandRunner.RunAsync(
                context,
                verbose,
                async ct =>
                {
                    int code = await RunAsync(context, settings, result.GetValue(json), ct);
                    if (settings.Summaries is { } summaries)
                    {
                        await ModelFlags.ReportAsync(context, summaries.Ledger, result.GetValue(model.Audit));
                    }

                    return code;
                },
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, BatchSettings settings, bool json, CancellationToken cancellationToken)
    {
        using var stopDispatch = new CancellationTokenSource();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        BatchProgress progress = BatchProgress.Create(context, settings.ProgressInterval);
        await using (progress)
        {
            using var job = new BatchJob(settings, progress);
            int signals = 0;
            void OnSignal(PosixSignalContext signal)
            {
                signal.Cancel = true;
                if (Interlocked.Increment(ref signals) == 1)
                {
                    progress.Message("docassist batch: stopping: finishing the documents in flight, then saving the manifest and the report (Ctrl-C again to stop at once).");
                    stopDispatch.Cancel();
                    return;
                }

                // Outputs are only ever renamed into place, so stopping here leaves no torn file; the next run does what is missing.
                context.Err.WriteLine("docassist batch: stopped at once; run the same command again to finish.");
                abandon.Cancel();
                job.Abort();
                Environment.Exit(ExitCodes.Cancelled);
            }

            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            BatchResult done = await job.RunAsync(stopDispatch.Token, abandon.Token);
            await progress.DisposeAsync();
            await context.Err.WriteLineAsync(Summary(settings, done, progress.Elapsed));
            if (json)
            {
                // What report.json holds, as the application layer wrote it: its messages (like those of report.md and each document's
                // .json) name settings, not flags (docs/json.md). What batch says on stderr goes through context.Err, which names the flags.
                await context.Out.WriteAsync(BatchReport.RenderJson(done.Report));
            }

            if (done.ConfigError is not null)
            {
                context.Say(done.ConfigError);
                return ExitCodes.ConfigError;
            }

            return done.Interrupted && !settings.Watch ? ExitCodes.Cancelled
                : done.Report.Counts.Failed > 0 ? ExitCodes.InputError
                : done.Interrupted ? ExitCodes.Cancelled
                : ExitCodes.Ok;
        }
    }

    private static string Summary(BatchSettings settings, BatchResult done, TimeSpan elapsed)
    {
        BatchCountsJson c = done.Report.Counts;
        string skipped = c.SkippedAlreadyDone > 0 ? $" ({c.SkippedAlreadyDone} already done, skipped)" : string.Empty;
        string timedOut = c.TimedOut > 0 ? $" ({c.TimedOut} with a page over the time limit)" : string.Empty;
        string notStarted = c.NotStarted > 0 ? $", {c.NotStarted} not started ({(done.Interrupted ? "interrupted" : "the run stopped")})" : string.Empty;
        string notReached = c.NotReached > 0 ? $", {c.NotReached} not reached" : string.Empty;
        string shard = settings.Shard.IsAll ? string.Empty : $" in shard {settings.Shard} ({c.OtherShards} in other shards)";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"docassist batch: {c.Documents} documents{shard}: {c.Succeeded} succeeded{skipped}, {c.Failed} failed{timedOut}{notStarted}{notReached}; "
            + $"{c.PagesThisRun} pages done in {elapsed.TotalSeconds:0.0} s ({done.Report.PagesPerSecond:0.0} pages/s). Report: {done.ReportPath}");
    }
}
