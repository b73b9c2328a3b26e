using DocAssist.Core;

namespace DocAssist.App.Extraction;

/// <summary>Configures a <see cref="DocumentPipeline"/>: set what differs from the defaults, <see cref="Build"/> once, reuse the pipeline for every document.</summary>
/// <remarks>
/// Every setting has one owner and one default: the extraction settings are <see cref="ExtractOptions"/>'s, the process settings are here.
/// <code>
/// using DocumentPipeline pipeline = new DocumentPipelineBuilder().UseLanguages("eng+fra").Build();
/// ExtractionOutcome outcome = await pipeline.ExtractAsync("letter.pdf");
/// </code>
/// Documents are parsed in this process by default. A host that reads untrusted files calls <see cref="UseWorkerProcesses"/> with a program whose
/// entry point hands <see cref="WorkerHost.Command"/> to <see cref="WorkerHost.RunAsync"/> (the <c>docassist</c> CLI does), so a file that crashes
/// the parser costs that file only.
/// </remarks>
public sealed class DocumentPipelineBuilder
{
    /// <summary>How long one document may take, in all, before its worker is stopped. Default of <see cref="UseDocumentTimeout"/>.</summary>
    public static readonly TimeSpan DefaultDocumentTimeout = TimeSpan.FromMinutes(30);

    private ExtractOptions _options = new();
    private WorkerLaunch? _worker;
    private bool _isolate;
    private TimeSpan _documentTimeout = DefaultDocumentTimeout;
    private TimeSpan? _stallTimeout;
    private Action<string>? _workerLog;

    /// <summary>Replaces every extraction setting at once.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseOptions(ExtractOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>Sets the OCR languages (<see cref="ExtractOptions.Languages"/>), e.g. <c>eng+fra</c>.</summary>
    /// <param name="languages">The Tesseract language list.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseLanguages(string languages)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(languages);
        _options = _options with { Languages = languages };
        return this;
    }

    /// <summary>Sets how many pages are OCR'd at once (<see cref="ExtractOptions.Jobs"/>).</summary>
    /// <param name="jobs">At least 1.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseJobs(int jobs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        _options = _options with { Jobs = jobs };
        return this;
    }

    /// <summary>Sets whether pages carry their words with boxes and confidences (<see cref="ExtractOptions.IncludeWords"/>).</summary>
    /// <param name="words">Whether to keep words.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseWords(bool words = true)
    {
        _options = _options with { IncludeWords = words };
        return this;
    }

    /// <summary>Parses PDFs and images in supervised worker processes, so a file that crashes the parser costs that file only.</summary>
    /// <param name="launch">How a worker is started; default: this program (<see cref="WorkerLaunch.ForProgram"/>), which must then serve <see cref="WorkerHost"/>.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseWorkerProcesses(WorkerLaunch? launch = null)
    {
        _isolate = true;
        _worker = launch;
        return this;
    }

    /// <summary>Parses in this process (the default): a faster start, but a file that crashes the parser stops the process.</summary>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseThisProcess()
    {
        _isolate = false;
        return this;
    }

    /// <summary>Sets how long one document may take in a worker before the worker is stopped and the document failed.</summary>
    /// <param name="timeout">The limit, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseDocumentTimeout(TimeSpan timeout)
    {
        _documentTimeout = timeout;
        return this;
    }

    /// <summary>Sets how long a worker with documents in flight may finish no page before it is taken for stuck and stopped (its documents are retried alone).</summary>
    /// <param name="timeout">The limit, or <see langword="null"/> for no such watchdog (the default).</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseStallTimeout(TimeSpan? timeout)
    {
        _stallTimeout = timeout;
        return this;
    }

    /// <summary>Receives the worker processes' diagnostic lines (their stderr); by default they are dropped.</summary>
    /// <param name="log">The receiver.</param>
    /// <returns>This builder.</returns>
    public DocumentPipelineBuilder UseWorkerLog(Action<string>? log)
    {
        _workerLog = log;
        return this;
    }

    /// <summary>Builds the pipeline.</summary>
    /// <returns>A pipeline; dispose it when the job ends (it stops its workers).</returns>
    public DocumentPipeline Build() =>
        new(_options, _isolate ? _worker ?? WorkerLaunch.ForProgram() : null, _documentTimeout, _stallTimeout, _workerLog);
}
