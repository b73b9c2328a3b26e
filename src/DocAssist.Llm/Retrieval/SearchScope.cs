namespace DocAssist.Llm.Retrieval;

/// <summary>Which documents of an index a search may return passages from: a set of document keys, or every key under a folder.</summary>
/// <remarks>
/// <para>An index may hold documents of many folders; a question about one folder must not be answered from another. Immutable and thread-safe.</para>
/// <para>A folder, or a set of up to 64 keys, is looked up in the full-text index itself and makes a search faster, not slower; a larger
/// set of keys is checked on each matching passage, which costs about as much again as the search (prefer a folder then).</para>
/// </remarks>
public sealed class SearchScope
{
    private SearchScope(IReadOnlyCollection<string>? keys, string? folder)
    {
        Keys = keys;
        Folder = folder;
    }

    /// <summary>Gets the document keys searched, or <see langword="null"/> when the scope is a folder.</summary>
    public IReadOnlyCollection<string>? Keys { get; }

    /// <summary>Gets the folder whose documents are searched, or <see langword="null"/> when the scope is a set of keys.</summary>
    public string? Folder { get; }

    /// <summary>Gets a scope of exactly the given documents.</summary>
    /// <param name="keys">The documents' keys, as given to <see cref="Bm25Index.Upsert"/>; an empty set matches nothing.</param>
    /// <returns>The scope.</returns>
    public static SearchScope Documents(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new SearchScope(keys.ToHashSet(StringComparer.Ordinal), null);
    }

    /// <summary>Gets a scope of every document whose key is <paramref name="folder"/> itself or lies under it: <c>/a/b</c> holds <c>/a/b/x.pdf</c> and <c>/a/b/c/y.pdf</c>, not <c>/a/bc/x.pdf</c>.</summary>
    /// <param name="folder">The folder, with or without a trailing <c>/</c> or <c>\</c>; keys below it may use either separator.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    public static SearchScope Under(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new SearchScope(null, folder);
    }

    /// <summary>Gets a value indicating whether a document is in the scope.</summary>
    /// <param name="key">The document's key.</param>
    /// <returns><see langword="true"/> when its passages may be returned.</returns>
    public bool Includes(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Keys is not null)
        {
            return Keys.Contains(key);
        }

        string folder = Folder!.TrimEnd('/', '\\');
        return key == Folder || (key.Length > folder.Length && key.StartsWith(folder, StringComparison.Ordinal) && key[folder.Length] is '/' or '\\');
    }
}
