using DocAssist.App.Extraction;
using DocAssist.App.Indexing;
using DocAssist.App.Notices;
using DocAssist.Core.Model;
using DocAssist.Llm.Answers;
using DocAssist.Llm.Models;
using DocAssist.Llm.Retrieval;

namespace DocAssist.App.Asking;

/// <summary>Questions about one file or one folder: the index brought up to date for it, answers retrieved from its documents only, citations
/// naming each document by its path relative to the folder asked about (plus its content hash), with the page and the boxes of the cited words.</summary>
/// <remarks>Not thread-safe: one conversation at a time. When the model stops answering before an answer's first word, that answer is extractive
/// (the best passages, labelled so) with a <see cref="NoticeCodes.ModelLost"/> notice.</remarks>
public sealed class AskSession : IDisposable
{
    private readonly FolderIndex _index;
    private readonly string _root;
    private readonly SearchScope _scope;
    private readonly ModelConnection? _connection;
    private readonly QuestionAnswerer _answerer;
    private readonly Conversation _conversation = new();

    private AskSession(FolderIndex index, string target, ModelConnection? connection, IndexUpdate update)
    {
        _index = index;
        _root = Directory.Exists(target) ? target : Path.GetDirectoryName(Path.GetFullPath(target))!;
        _scope = FolderIndex.ScopeFor(target);
        _connection = connection;
        Update = update;
        var retriever = new Retriever(index.Index, connection?.Embeddings, connection?.EmbeddingModel);
        _answerer = new QuestionAnswerer(retriever, connection?.Chat, connection?.ContextTokens ?? ModelOptions.DefaultContextTokens, Name);
    }

    /// <summary>Gets what bringing the index up to date did, with a notice per file that could not be read.</summary>
    public IndexUpdate Update { get; }

    /// <summary>Gets the documents in the scope of the questions.</summary>
    public int DocumentCount => _index.Index.Files().Count(_scope.Includes);

    /// <summary>Opens a session: brings the index up to date for <paramref name="target"/> (reading only new and changed files).</summary>
    /// <param name="target">An existing file or folder.</param>
    /// <param name="indexDirectory">The folder the index is kept in, or <see langword="null"/> for an in-memory index.</param>
    /// <param name="pipeline">Reads documents.</param>
    /// <param name="connection">The model, or <see langword="null"/> for extractive answers.</param>
    /// <param name="cancellationToken">Stops the update.</param>
    /// <returns>The session; dispose it to close the index.</returns>
    /// <exception cref="Core.Errors.ConfigException">A setting is wrong (every file would fail the same way).</exception>
    public static async Task<AskSession> OpenAsync(
        string target, string? indexDirectory, DocumentPipeline pipeline, ModelConnection? connection, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        FolderIndex index = FolderIndex.Open(indexDirectory);
        try
        {
            IndexUpdate update = await index.UpdateAsync(target, pipeline, cancellationToken).ConfigureAwait(false);
            return new AskSession(index, target, connection, update);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>Answers a question (a follow-up of the earlier ones in this session).</summary>
    /// <param name="question">The question; not empty.</param>
    /// <param name="topK">How many distinct passages to retrieve.</param>
    /// <param name="onText">Receives a model's answer as it streams (not an extractive one), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels retrieval and the model call.</param>
    /// <returns>The answer, its citations and what the user should be told.</returns>
    /// <exception cref="ArgumentException"><paramref name="question"/> is empty.</exception>
    /// <exception cref="Core.Errors.LlmException">The model answered, then failed after its bounded retries.</exception>
    public async Task<AskResult> AskAsync(string question, int topK = Retriever.DefaultTopK, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var notices = new List<Notice>();
        bool streamed = false;
        Answer answer;
        try
        {
            answer = await _answerer.AskAsync(
                question,
                _conversation,
                onText is null ? null : text =>
                {
                    streamed |= text.Length > 0;
                    onText(text);
                },
                topK,
                _scope,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!streamed && _connection is not null && ModelErrors.IsUnreachable(ex))
        {
            notices.Add(new Notice(NoticeCodes.ModelLost, $"the model became unreachable ({ex.Message.TrimEnd('.')}); showing the best passages instead."));
            answer = await new QuestionAnswerer(new Retriever(_index.Index), chat: null, documentName: Name).AskAsync(question, topK: topK, scope: _scope, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        notices.AddRange(answer.Warnings.Select(w => new Notice(w.Contains("embeddings", StringComparison.Ordinal) ? NoticeCodes.Retrieval : NoticeCodes.Answer, w)));
        CitedPassage[] citations = [.. answer.Citations.Select(c => new CitedPassage(
            c.Number, Name(c.File), _index.HashOf(c.File), c.Page, c.Text, c.Boxes, c.Frame))];
        return new AskResult(answer.Text, answer.Extractive, citations, notices);
    }

    /// <inheritdoc/>
    public void Dispose() => _index.Dispose();

    // Documents are named by their path relative to the folder asked about, in the prompt and in citations alike: never a full path.
    private string Name(string key) => FolderIndex.Relative(_root, key);
}

/// <summary>An answer.</summary>
/// <param name="Text">The answer: the model's, citing passages as <c>[n]</c>; or, extractive, the numbered passages themselves.</param>
/// <param name="Extractive">Whether no model wrote it.</param>
/// <param name="Citations">The passages cited (every passage shown, for an extractive answer), in order of first citation.</param>
/// <param name="Notices">What the user should be told (the model cited nothing, not every passage fitted, embeddings failed, the model was lost).</param>
public sealed record AskResult(string Text, bool Extractive, IReadOnlyList<CitedPassage> Citations, IReadOnlyList<Notice> Notices);

/// <summary>A passage an answer cites.</summary>
/// <param name="Number">Its number in the answer: <c>[n]</c>.</param>
/// <param name="Document">The document's path relative to the folder asked about (<c>/</c>-separated).</param>
/// <param name="ContentHash">The document's content hash (SHA-256, hex), or <see langword="null"/> when unknown.</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="Text">The passage.</param>
/// <param name="Boxes">Where the passage's words sit on the page (in the page's unit), one box per line; empty for plain text.</param>
/// <param name="Frame">The page's size and unit, to draw the boxes on its image; <see langword="null"/> for plain text.</param>
public sealed record CitedPassage(int Number, string Document, string? ContentHash, int Page, string Text, IReadOnlyList<BoundingBox> Boxes, PageFrame? Frame);
