using System.Globalization;
using DocAssist.Core;

namespace DocAssist.App.Batch;

/// <summary>Everything a batch run was asked to do.</summary>
/// <param name="InputDir">The folder to read, recursively.</param>
/// <param name="OutputDir">The folder to write to (created if missing).</param>
/// <param name="Options">Extraction options (languages, jobs, password, page time limit).</param>
/// <param name="SearchablePdf">Whether a searchable PDF is written for every PDF and image.</param>
/// <param name="Shard">The part of the batch this run does.</param>
/// <param name="Watch">Whether to keep running and take new files as they arrive.</param>
/// <param name="WatchInterval">How often the input folder is looked at in watch mode.</param>
/// <param name="Settle">How long a file must stay unchanged before watch mode reads it.</param>
/// <param name="ProgressInterval">How often a plain progress line is written when stderr is not a terminal.</param>
/// <param name="Isolate">Whether PDFs and images are parsed in a supervised worker process.</param>
/// <param name="Verbose">Whether details are shown.</param>
/// <param name="Index">Whether the question index in the output folder (what <c>docassist ask --index</c> reads) is kept up to date.</param>
/// <param name="Summaries">When set, every document also gets a summary, from the model this factory reaches (through the egress guard) or extractive.</param>
/// <param name="Worker">How worker processes are started; <see langword="null"/>: this program (<see cref="Extraction.WorkerLaunch.ForProgram"/>).</param>
/// <param name="WorkerLog">Receives the workers' diagnostic lines, or <see langword="null"/> to drop them.</param>
public sealed record BatchSettings(
    string InputDir,
    string OutputDir,
    ExtractOptions Options,
    bool SearchablePdf,
    ShardSpec Shard,
    bool Watch,
    TimeSpan WatchInterval,
    TimeSpan Settle,
    TimeSpan ProgressInterval,
    bool Isolate,
    bool Verbose,
    bool Index = false,
    BatchSummaries? Summaries = null,
    Extraction.WorkerLaunch? Worker = null,
    Action<string>? WorkerLog = null)
{
    /// <summary>Bumped when the outputs' format changes, so that a re-run redoes everything.</summary>
    public const int OutputFormatVersion = 1;

    /// <summary>Gets the page time limit.</summary>
    public TimeSpan PageTimeout => Options.PageTimeout;

    /// <summary>Gets a hash of every option that shapes the outputs (not the number of jobs, the time limits, nor the password): a change redoes the documents.</summary>
    /// <remarks>
    /// The hash is written to the manifest and the report. The password is not in it: a document reads the same whatever password
    /// opened it, a document that failed for want of one is retried by the next run anyway, and a hash that changes with the
    /// password would let anyone holding the report check guesses at it offline. Its line stays, as <c>none</c>, so that the
    /// manifests of runs without a password keep matching.
    /// </remarks>
    public string OptionsHash => ContentHasher.HashText(string.Join(
        '\n',
        "v" + OutputFormatVersion.ToString(CultureInfo.InvariantCulture),
        "lang=" + Options.Languages,
        "searchable-pdf=" + SearchablePdf,
        "summary=" + (Summaries is null ? "none" : Summaries.Describe()),
        "orientation=" + Options.DetectOrientation,
        "max-pixels=" + Options.MaxImagePixels.ToString(CultureInfo.InvariantCulture),
        "password=none"))[..16];
}
