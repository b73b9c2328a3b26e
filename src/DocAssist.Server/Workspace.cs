using System.Threading.Channels;
using DocAssist.App.Extraction;
using DocAssist.App.Models;
using DocAssist.Core.Model;
using DocAssist.Llm.Answers;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.Server;

/// <summary>The workspace behind the API: the library, documents read in the background through the supervised pipeline, and questions over them.</summary>
/// <remarks>Thread-safe. Documents are read one after another (each one's pages in parallel), in the order they arrived; on start, documents a
/// previous run left queued or in flight are queued again.</remarks>
internal sealed class Workspace : IAsyncDisposable
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly DocumentPipeline _pipeline;
    private readonly Bm25Index _index;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private readonly ModelClientFactory _models;
    private readonly SemaphoreSlim _modelGate = new(1, 1);
    private ModelChoice? _model;
    private Task? _reader;

    public Workspace(ServerOptions options, ModelClientFactory models)
    {
        Library = Library.Open(options.DataDirectory);
        _index = Bm25Index.Open(Path.Combine(options.DataDirectory, "index"));
        _models = models;
        DocumentPipelineBuilder builder = new DocumentPipelineBuilder().UseOptions(options.Extraction);
        _pipeline = (options.Worker is { } worker ? builder.UseWorkerProcesses(worker) : builder.UseThisProcess()).Build();
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

    /// <summary>Answers a question over some documents of the library (all of them when none is named).</summary>
    public async Task<AskResponse> AskAsync(string question, IReadOnlyList<string>? documents, CancellationToken cancellationToken)
    {
        ModelChoice model = await ModelAsync(cancellationToken).ConfigureAwait(false);
        long before = Ledger.BytesLeftMachine;
        Dictionary<string, string> names = Library.All().ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        SearchScope? scope = documents is { Count: > 0 } ? SearchScope.Documents(documents) : null;
        Answer answer;
        var answerer = new QuestionAnswerer(
            new Retriever(_index, model.Connection?.Embeddings, model.Connection?.EmbeddingModel),
            model.Connection?.Chat,
            model.Connection?.ContextTokens ?? ModelOptions.DefaultContextTokens,
            id => names.GetValueOrDefault(id, id));
        // The index is one connection: one question (or one new document) at a time.
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            answer = await answerer.AskAsync(question, topK: Retriever.DefaultTopK, scope: scope, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (model.Connection is not null && ModelErrors.IsUnreachable(ex))
        {
            answer = await new QuestionAnswerer(new Retriever(_index), null, documentName: id => names.GetValueOrDefault(id, id))
                .AskAsync(question, topK: Retriever.DefaultTopK, scope: scope, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _indexGate.Release();
        }

        return new AskResponse(
            answer.Text,
            answer.Extractive ? "extractive" : "model",
            [.. answer.Citations.Select(c => new AskCitation(c.Number, c.File, names.GetValueOrDefault(c.File, c.File), c.Page, c.Text, [.. c.Boxes.Select(b => new[] { b.Left, b.Top, b.Right, b.Bottom })]))],
            answer.Warnings,
            Ledger.BytesLeftMachine - before);
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
        _model?.Connection?.Dispose();
        _index.Dispose();
        Library.Dispose();
        _stop.Dispose();
        _modelGate.Dispose();
        _indexGate.Dispose();
    }

    private async Task<ModelChoice> ModelAsync(CancellationToken cancellationToken)
    {
        await _modelGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _model ??= await ModelConnector.ConnectAsync(_models, extractive: false, cancellationToken).ConfigureAwait(false);
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
            outcome = await _pipeline.ExtractAsync(path, null, pages => Events.Publish(new WorkspaceEvent(id, "processing", PagesDone: pages)), _stop.Token).ConfigureAwait(false);
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
