using System.Globalization;
using DocAssist.App.Extraction;
using DocAssist.App.Notices;
using DocAssist.Core.Model;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.App.Indexing;

/// <summary>The question index of documents on this machine: one implementation for <c>ask</c> and <c>batch --index</c>. Documents are keyed by their
/// full path and content hash, so an unchanged file is never read twice and one index file may serve several folders; what a question sees is
/// scoped to the folder asked about (<see cref="ScopeFor"/>).</summary>
/// <remarks>Thread-safe: writes are serialised; searches go through the <see cref="Index"/> of one job at a time.</remarks>
public sealed class FolderIndex : IDisposable
{
    private readonly Lock _gate = new();

    private FolderIndex(Bm25Index index)
    {
        Index = index;
    }

    /// <summary>Gets the passage index.</summary>
    public Bm25Index Index { get; }

    /// <summary>Opens the index kept in a folder, or one in memory for this job.</summary>
    /// <param name="directory">The folder (created if missing), or <see langword="null"/> for an in-memory index.</param>
    /// <returns>The index.</returns>
    public static FolderIndex Open(string? directory) => new(directory is null ? Bm25Index.OpenInMemory() : Bm25Index.Open(directory));

    /// <summary>Gets the key of a file in the index: its full path.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The key.</returns>
    public static string KeyOf(string path) => Path.GetFullPath(path);

    /// <summary>Gets the scope of a question about a file or a folder: that file, or every document under that folder, whatever else the index holds.</summary>
    /// <param name="target">The file or folder asked about.</param>
    /// <returns>The scope.</returns>
    public static SearchScope ScopeFor(string target) =>
        Directory.Exists(target) ? SearchScope.Under(KeyOf(target)) : SearchScope.Documents([KeyOf(target)]);

    /// <summary>Gets whether a file is indexed with this content.</summary>
    /// <param name="path">The file.</param>
    /// <param name="hash">Its content hash.</param>
    /// <returns><see langword="true"/> when nothing needs doing.</returns>
    public bool IsCurrent(string path, string hash)
    {
        lock (_gate)
        {
            return Index.GetHash(KeyOf(path)) == hash;
        }
    }

    /// <summary>Gets the content hash recorded for a file, or <see langword="null"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The hash.</returns>
    public string? HashOf(string path)
    {
        lock (_gate)
        {
            return Index.GetHash(KeyOf(path));
        }
    }

    /// <summary>Adds (or replaces) a document read from a file.</summary>
    /// <param name="path">The file it was read from.</param>
    /// <param name="hash">The file's content hash.</param>
    /// <param name="document">The document.</param>
    public void Add(string path, string hash, Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document keyed = document with { File = KeyOf(path) };
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(keyed);
        lock (_gate)
        {
            Index.Upsert(keyed, hash, passages);
        }
    }

    /// <summary>Brings the index up to date for a file or a folder (searched recursively): reads new and changed files through the pipeline,
    /// drops files under it that no longer exist.</summary>
    /// <param name="target">The file or folder.</param>
    /// <param name="pipeline">Reads documents.</param>
    /// <param name="cancellationToken">Stops the update.</param>
    /// <returns>What was done, and a notice per file that could not be read.</returns>
    /// <exception cref="Core.Errors.ConfigException">A setting is wrong (every further file would fail the same way).</exception>
    public async Task<IndexUpdate> UpdateAsync(string target, DocumentPipeline pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        bool folder = Directory.Exists(target);
        string root = folder ? KeyOf(target) : Path.GetDirectoryName(KeyOf(target))!;
        List<string> files = folder
            ? [.. Directory.EnumerateFiles(target, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                .Where(f => !Path.GetFileName(f).StartsWith(Bm25Index.FileName, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)]
            : [target];
        int removed = 0;
        if (folder)
        {
            SearchScope scope = ScopeFor(target);
            lock (_gate)
            {
                foreach (string stale in Index.Files().Where(f => scope.Includes(f) && !File.Exists(f)))
                {
                    Index.Remove(stale);
                    removed++;
                }
            }
        }

        var failures = new List<Notice>();
        int unchanged = 0, indexed = 0;
        foreach (string file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string hash = await ContentHash.OfFileAsync(file, cancellationToken).ConfigureAwait(false);
            if (IsCurrent(file, hash))
            {
                unchanged++;
                continue;
            }

            ExtractionOutcome outcome = await pipeline.ExtractAsync(file, cancellationToken).ConfigureAwait(false);
            if (outcome.Document is not { } document)
            {
                if (outcome.ErrorKind == ExtractionErrorKind.Config)
                {
                    throw new Core.Errors.ConfigException(outcome.Error ?? "configuration error.");
                }

                failures.Add(new Notice(NoticeCodes.FileFailed, outcome.Error ?? $"{file}: failed.", Relative(root, file)));
                continue;
            }

            Add(file, hash, document);
            indexed++;
        }

        return new IndexUpdate(indexed, unchanged, removed, Index.PassageCount, Index.Path, failures);
    }

    /// <summary>Gets a document's name as a question about <paramref name="root"/> shows it: its path relative to that folder.</summary>
    /// <param name="root">The folder asked about (or the file's own folder).</param>
    /// <param name="path">The document's path or key.</param>
    /// <returns>The relative path, with <c>/</c> separators.</returns>
    public static string Relative(string root, string path) =>
        Path.GetRelativePath(KeyOf(root), KeyOf(path)).Replace(Path.DirectorySeparatorChar, '/');

    /// <inheritdoc/>
    public void Dispose() => Index.Dispose();
}

/// <summary>What an index update did.</summary>
/// <param name="Indexed">Files read and indexed.</param>
/// <param name="Unchanged">Files already indexed with the same content.</param>
/// <param name="Removed">Files dropped because they no longer exist.</param>
/// <param name="Passages">Passages in the whole index.</param>
/// <param name="IndexPath">The index file, or <see langword="null"/> for an in-memory index.</param>
/// <param name="Failures">One notice per file that could not be read.</param>
public sealed record IndexUpdate(int Indexed, int Unchanged, int Removed, int Passages, string? IndexPath, IReadOnlyList<Notice> Failures)
{
    /// <summary>Gets a one-line description.</summary>
    /// <returns>The line.</returns>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"index: {Indexed} file(s) read, {Unchanged} unchanged, {Removed} removed; {Passages} passages{(IndexPath is { } p ? $" in {p}" : string.Empty)}.");
}
