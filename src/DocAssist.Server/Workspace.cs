using System.Globalization;
using System.Threading.Channels;
using DocAssist.App.Extraction;
using DocAssist.App.Models;
using DocAssist.App.Summaries;
using DocAssist.Core.Model;
using DocAssist.Llm.Answers;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Summaries;
using DocAssist.Llm.Text;

namespace DocAssist.Server;

/// <summary>The workspace behind the API: the library, documents read in the background through the supervised pipeline, and questions over them.</summary>
/// <remarks>Thread-safe. Documents are read one after another (each one's pages in parallel), in the order they arrived; on start, documents a
/// previous run left queued or in flight are queued again.</remarks>
internal sealed class Workspace : IAsyncDisposable
{
    private static readonly TimeSpan NoModelRecheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(60);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly DocumentPipeline _pipeline;
    private readonly Lazy<DocumentPipeline> _figurePipeline;
    private readonly Bm25Index _index;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private readonly ModelClientFactory _models;
    private readonly SemaphoreSlim _modelGate = new(1, 1);
    private readonly SemaphoreSlim _modelWork = new(1, 1);
    private ModelChoice? _model;
    private DateTime _modelCheckedAt;
    private readonly string _dataDirectory;
    private readonly Lazy<HttpClient> _downloads;
    private Task? _reader;

    public Workspace(ServerOptions options, ModelClientFactory models)
    {
        Library = Library.Open(options.DataDirectory);
        _index = Bm25Index.Open(Path.Combine(options.DataDirectory, "index"));
        _models = models;
        _dataDirectory = options.DataDirectory;
        // Downloads go through the same guard and ledger as model traffic: the policy decides before any DNS lookup or connection.
        _downloads = new Lazy<HttpClient>(() => models.CreateHttpClient());
        DocumentPipeline Build(Core.ExtractOptions extraction)
        {
            DocumentPipelineBuilder builder = new DocumentPipelineBuilder().UseOptions(extraction);
            return (options.Worker is { } worker ? builder.UseWorkerProcesses(worker) : builder.UseThisProcess()).Build();
        }

        _pipeline = Build(options.Extraction);

        // The OCR API's readings carry their pages' figures; the library's do not. Options are a pipeline's, so that is a second pipeline
        // (its own workers: figures, like everything else read from the file, come out of a process that may crash), built when first asked.
        _figurePipeline = new Lazy<DocumentPipeline>(() => Build(options.Extraction with { IncludeFigures = true }));
    }

    public Library Library { get; }

    public EventHub Events { get; } = new();

    /// <summary>Gets the egress ledger of the model connection.</summary>
    public EgressLedger Ledger => _models.Ledger;

    public void Start()
    {
        foreach (string id in Library.Unfinished())
        {
            _queue.Writer.TryWrite(id);
        }

        _reader = Task.Run(ReadAllAsync);
    }

    public void Enqueue(string id)
    {
        Events.Publish(new WorkspaceEvent(id, "queued"));
        _queue.Writer.TryWrite(id);
    }

    /// <summary>Gets what the page's privacy line shows: the policy and the model questions and summaries go to.</summary>
    public async Task<PrivacyResponse> PrivacyAsync(CancellationToken cancellationToken)
    {
        ModelChoice model = await ModelAsync(cancellationToken).ConfigureAwait(false);
        ModelConnection? c = model.Connection;
        return new PrivacyResponse(
            _models.Policy.Name,
            c?.Provider,
            c?.Model,
            c?.Endpoint.GetLeftPart(UriPartial.Authority),
            c?.IsLoopback ?? true,
            Ledger.BytesLeftMachine,
            [.. model.Notices.Select(n => n.Message)]);
    }

    /// <summary>Answers a question over some documents of the library (all of them when none is named).</summary>
    /// <param name="question">The question.</param>
    /// <param name="documents">The documents' ids, or <see langword="null"/> for the whole library.</param>
    /// <param name="onText">Receives the answer as it streams, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    public async Task<AskResponse> AskAsync(string question, IReadOnlyList<string>? documents, Action<string>? onText, CancellationToken cancellationToken)
    {
        ModelChoice model = await ModelAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, string> names = Library.All().ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        SearchScope? scope = documents is { Count: > 0 } ? SearchScope.Documents(documents) : null;
        Answer answer;
        var answerer = new QuestionAnswerer(
            new Retriever(_index, model.Connection?.Embeddings, model.Connection?.EmbeddingModel),
            model.Connection?.Chat,
            model.Connection?.ContextTokens ?? ModelOptions.DefaultContextTokens,
            id => names.GetValueOrDefault(id, id));
        // One piece of model work at a time (a local model serves one request at a time anyway), so the ledger's difference is this answer's.
        // The index is one connection: one question (or one new document) at a time.
        await _modelWork.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<EgressLedgerEntry> before = Ledger.Entries;
        bool wrote = false;
        try
        {
            answer = await answerer.AskAsync(
                question, topK: Retriever.DefaultTopK, scope: scope, onText: text => { wrote = true; onText?.Invoke(text); }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (model.Connection is not null && !wrote && ModelErrors.IsUnreachable(ex))
        {
            // The same rule as the CLI's: a model lost before its first word gives the extractive answer, with a warning.
            answer = await new QuestionAnswerer(new Retriever(_index), null, documentName: id => names.GetValueOrDefault(id, id))
                .AskAsync(question, topK: Retriever.DefaultTopK, scope: scope, onText: onText, cancellationToken: cancellationToken).ConfigureAwait(false);
            answer = answer with { Warnings = [$"the model became unreachable ({ex.Message.TrimEnd('.')}); this answer quotes the passages instead.", .. answer.Warnings] };
        }
        finally
        {
            _indexGate.Release();
            _modelWork.Release();
        }

        return new AskResponse(
            answer.Text,
            answer.Extractive ? "extractive" : "model",
            [.. answer.Citations.Select(c => new AskCitation(c.Number, c.File, names.GetValueOrDefault(c.File, c.File), c.Page, c.Text, [.. c.Boxes.Select(b => new[] { b.Left, b.Top, b.Right, b.Bottom })]))],
            answer.Warnings,
            Egress.Between(before, Ledger.Entries));
    }

    /// <summary>Summarizes a finished document with the model, or extractively when none is reachable, and keeps the summary.</summary>
    /// <param name="id">The document's id.</param>
    /// <param name="onText">Receives the summary as it streams, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the summary.</param>
    /// <returns>The summary, or <see langword="null"/> when the document is not done.</returns>
    public async Task<SummaryResponse?> SummarizeAsync(string id, Action<string>? onText, CancellationToken cancellationToken)
    {
        if (Library.Load(id) is not { } document)
        {
            return null;
        }

        ModelChoice model = await ModelAsync(cancellationToken).ConfigureAwait(false);
        using var service = new SummaryService(model.Connection, new SummaryOptions());
        await _modelWork.WaitAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<EgressLedgerEntry> before = Ledger.Entries;
        SummaryResult result;
        try
        {
            result = await service.SummarizeAsync(document, onText, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _modelWork.Release();
        }

        var summary = new SummaryResponse(
            result.Text,
            result.Extractive ? "extractive" : "model",
            result.Extractive ? null : model.Connection?.Description,
            [.. result.Notices.Select(n => n.Message)],
            Egress.Between(before, Ledger.Entries),
            DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        Library.SaveSummary(id, summary);
        return summary;
    }

    /// <summary>Reads a document through the workspace's pipeline (supervised workers), without adding it to the library.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The outcome.</returns>
    public Task<ExtractionOutcome> ExtractAsync(string path, CancellationToken cancellationToken) => ExtractAsync(path, includeFigures: false, cancellationToken);

    /// <summary>Reads a document through the workspace's pipeline (supervised workers), without adding it to the library.</summary>
    /// <param name="path">The file.</param>
    /// <param name="includeFigures">Whether pages carry the images embedded in them (<see cref="Core.ExtractOptions.IncludeFigures"/>).</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The outcome.</returns>
    public Task<ExtractionOutcome> ExtractAsync(string path, bool includeFigures, CancellationToken cancellationToken) =>
        (includeFigures ? _figurePipeline.Value : _pipeline).ExtractAsync(path, cancellationToken);

    /// <summary>Gets a new temporary file's path in the data folder (the caller deletes it).</summary>
    /// <returns>The path.</returns>
    public string TemporaryFile()
    {
        string folder = Path.Combine(_dataDirectory, "tmp");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Downloads a document through the egress guard (policy, ledger), bounded in size and time.</summary>
    /// <param name="uri">The http(s) URL.</param>
    /// <param name="maxBytes">The largest download accepted.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="Core.Errors.ConfigException">The policy refuses the destination (before any DNS lookup or connection).</exception>
    /// <exception cref="DownloadException">The server answered with an error, or the download is too large, too slow or broken.</exception>
    public async Task<byte[]> DownloadAsync(Uri uri, long maxBytes, CancellationToken cancellationToken)
    {
        using var time = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        time.CancelAfter(DownloadTimeout);
        using IDisposable purpose = EgressPurpose.Begin("document download");
        try
        {
            using HttpResponseMessage response = await _downloads.Value.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, time.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}.", 400);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new DownloadException($"is {response.Content.Headers.ContentLength} bytes, more than the limit of {maxBytes / (1024 * 1024)} MB.", 413);
            }

            await using Stream body = await response.Content.ReadAsStreamAsync(time.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, time.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new DownloadException($"is more than the limit of {maxBytes / (1024 * 1024)} MB.", 413);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (time.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException($"did not arrive within {DownloadTimeout.TotalSeconds:0} s.", 408);
        }
        catch (HttpRequestException ex) when (!EgressRefusal.TryFind(ex, out _))
        {
            throw new DownloadException($"could not be downloaded ({ex.Message.TrimEnd('.')}).", 400);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reader is not null)
        {
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        _pipeline.Dispose();
        if (_figurePipeline.IsValueCreated)
        {
            _figurePipeline.Value.Dispose();
        }

        if (_downloads.IsValueCreated)
        {
            _downloads.Value.Dispose();
        }

        _model?.Connection?.Dispose();
        _index.Dispose();
        Library.Dispose();
        _stop.Dispose();
        _modelGate.Dispose();
        _modelWork.Dispose();
        _indexGate.Dispose();
    }

    private async Task<ModelChoice> ModelAsync(CancellationToken cancellationToken)
    {
        await _modelGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A model found is kept; "no model" is asked again after a while, so a model started after the server is used.
            if (_model is null || (_model.Connection is null && DateTime.UtcNow - _modelCheckedAt > NoModelRecheck))
            {
                _model = await ModelConnector.ConnectAsync(_models, extractive: false, cancellationToken).ConfigureAwait(false);
                _modelCheckedAt = DateTime.UtcNow;
            }

            return _model;
        }
        finally
        {
            _modelGate.Release();
        }
    }

    private async Task ReadAllAsync()
    {
        await foreach (string id in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            if (Library.Get(id) is not { } doc)
            {
                continue;
            }

            try
            {
                if (!await ReadAsync(id, doc).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The library could not take the result (disk full, database locked...): this document fails, the next ones are read.
                string error = $"{doc.Name}: could not be stored ({ex.Message.TrimEnd('.')}).";
                Library.Fail(id, error);
                Events.Publish(new WorkspaceEvent(id, "failed", Error: error));
            }
        }
    }

    // Reads one document into the library and the index; false when the workspace is stopping.
    private async Task<bool> ReadAsync(string id, LibraryDocument doc)
    {
        Library.Start(id);
        Events.Publish(new WorkspaceEvent(id, "processing", PagesDone: 0));
        string path = Library.OriginalPath(doc.Hash);
        ExtractionOutcome outcome;
        try
        {
            outcome = await _pipeline.ExtractAsync(
                path,
                null,
                done => Events.Publish(new WorkspaceEvent(id, "processing", PagesDone: done.PagesDone, Page: FinishedPage.From(done))),
                _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Document is not { } document)
        {
            // Messages name the stored original; the user knows the file by the name it was uploaded with.
            string error = (outcome.Error ?? "could not be read.").Replace(path, doc.Name, StringComparison.Ordinal);
            Library.Fail(id, error);
            Events.Publish(new WorkspaceEvent(id, "failed", Error: error));
            return true;
        }

        Library.Finish(id, document);
        Document keyed = document with { File = id };
        await _indexGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _index.Upsert(keyed, doc.Hash, Chunker.ForRetrieval(keyed));
        }
        finally
        {
            _indexGate.Release();
        }

        Events.Publish(new WorkspaceEvent(id, "done", Pages: document.Pages.Count));
        return true;
    }
}
