using System.Globalization;
using System.Text.Json;
using DocAssist.App.Output;
using DocAssist.Core.Model;
using Microsoft.Data.Sqlite;

namespace DocAssist.Server;

/// <summary>The workspace's library: documents and their pages in one SQLite database (WAL, foreign keys), originals stored by content hash.</summary>
/// <remarks>Thread-safe: one connection, used under a lock. Finished work is committed before it is announced, so a server killed at any moment
/// loses nothing that was done; documents that were queued or in flight are queued again on the next start.</remarks>
public sealed class Library : IDisposable
{
    /// <summary>The database file's name in the data folder.</summary>
    public const string FileName = "library.sqlite";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private Library(SqliteConnection connection, string originals)
    {
        _connection = connection;
        Originals = originals;
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA foreign_keys = ON;
            CREATE TABLE IF NOT EXISTS documents(
                id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
                status TEXT NOT NULL, error TEXT, kind TEXT, pages INTEGER NOT NULL DEFAULT 0, added TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS pages(
                document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, number INTEGER NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY(document, number));
            CREATE TABLE IF NOT EXISTS summaries(
                document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS files(
                id TEXT PRIMARY KEY, filename TEXT NOT NULL, hash TEXT NOT NULL, size INTEGER NOT NULL, purpose TEXT NOT NULL, created INTEGER NOT NULL);
            """);
    }

    /// <summary>Gets the folder of the originals, one file per content hash.</summary>
    public string Originals { get; }

    /// <summary>Opens (or creates) the library in a folder.</summary>
    /// <param name="directory">The data folder; created if missing.</param>
    /// <returns>The library.</returns>
    public static Library Open(string directory)
    {
        string originals = Path.Combine(directory, "originals");
        Directory.CreateDirectory(originals);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName), Pooling = false }.ToString());
        connection.Open();
        return new Library(connection, originals);
    }

    /// <summary>Gets the original of a document (never a path from a client: the name is the content hash).</summary>
    /// <param name="hash">The content hash.</param>
    /// <returns>The file.</returns>
    public string OriginalPath(string hash) => Path.Combine(Originals, hash);

    /// <summary>Adds a document whose original is already stored, or returns the one with the same content.</summary>
    /// <param name="name">The file name the user gave it.</param>
    /// <param name="hash">The content hash.</param>
    /// <param name="size">The size in bytes.</param>
    /// <returns>The document, and whether it is new (to be read).</returns>
    public (LibraryDocument Document, bool Added) Add(string name, string hash, long size)
    {
        lock (_gate)
        {
            if (Find("hash = $v", hash) is { } existing)
            {
                return (existing, false);
            }

            string id = hash[..16];
            Execute(
                "INSERT INTO documents(id, name, hash, size, status, added) VALUES ($i, $n, $h, $s, 'queued', $a)",
                ("$i", id), ("$n", name), ("$h", hash), ("$s", size), ("$a", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            return (Find("id = $v", id)!, true);
        }
    }

    /// <summary>Gets a document.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>The document, or <see langword="null"/>.</returns>
    public LibraryDocument? Get(string id)
    {
        lock (_gate)
        {
            return Find("id = $v", id);
        }
    }

    /// <summary>Gets every document, newest first.</summary>
    /// <returns>The documents.</returns>
    public IReadOnlyList<LibraryDocument> All()
    {
        lock (_gate)
        {
            return Query("SELECT id, name, hash, size, status, error, kind, pages, added FROM documents ORDER BY added DESC, id");
        }
    }

    /// <summary>Gets the documents a previous run left queued or in flight, to read again.</summary>
    /// <returns>Their ids, oldest first.</returns>
    public IReadOnlyList<string> Unfinished()
    {
        lock (_gate)
        {
            Execute("UPDATE documents SET status = 'queued' WHERE status = 'processing'");
            return [.. Query("SELECT id, name, hash, size, status, error, kind, pages, added FROM documents WHERE status = 'queued' ORDER BY added, id").Select(d => d.Id)];
        }
    }

    /// <summary>Marks a document as being read.</summary>
    /// <param name="id">Its id.</param>
    public void Start(string id)
    {
        lock (_gate)
        {
            Execute("UPDATE documents SET status = 'processing', error = NULL WHERE id = $i", ("$i", id));
        }
    }

    /// <summary>Stores a read document's pages and marks it done, in one transaction.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="document">What was read.</param>
    public void Finish(string id, Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_gate)
        {
            using SqliteTransaction tx = _connection.BeginTransaction();
            Execute("DELETE FROM pages WHERE document = $i", ("$i", id));
            foreach (Page page in document.Pages)
            {
                Execute(
                    "INSERT INTO pages(document, number, json) VALUES ($i, $n, $j)",
                    ("$i", id), ("$n", page.Number), ("$j", JsonSerializer.Serialize(PageJson.From(page), ServerJsonContext.Default.PageJson)));
            }

            Execute(
                "UPDATE documents SET status = 'done', error = NULL, kind = $k, pages = $p WHERE id = $i",
                ("$i", id), ("$k", document.Kind.ToString().ToLowerInvariant()), ("$p", document.Pages.Count));
            tx.Commit();
        }
    }

    /// <summary>Marks a document as failed, with the reason the user sees.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="error">One sentence naming the file (and page) and the reason.</param>
    public void Fail(string id, string error)
    {
        lock (_gate)
        {
            Execute("UPDATE documents SET status = 'failed', error = $e WHERE id = $i", ("$i", id), ("$e", error));
        }
    }

    /// <summary>Gets a page's JSON (the page object of <c>extract --json</c>).</summary>
    /// <param name="id">The document's id.</param>
    /// <param name="number">The 1-based page number.</param>
    /// <returns>The JSON, or <see langword="null"/>.</returns>
    public string? PageJsonText(string id, int number)
    {
        lock (_gate)
        {
            using SqliteCommand command = Command("SELECT json FROM pages WHERE document = $i AND number = $n", ("$i", id), ("$n", number));
            return command.ExecuteScalar() as string;
        }
    }

    /// <summary>Gets a document's pages, in order.</summary>
    /// <param name="id">The document's id.</param>
    /// <returns>The pages (none until it is done).</returns>
    public IReadOnlyList<PageJson> Pages(string id)
    {
        lock (_gate)
        {
            using SqliteCommand command = Command("SELECT json FROM pages WHERE document = $i ORDER BY number", ("$i", id));
            using SqliteDataReader reader = command.ExecuteReader();
            var pages = new List<PageJson>();
            while (reader.Read())
            {
                pages.Add(JsonSerializer.Deserialize(reader.GetString(0), ServerJsonContext.Default.PageJson)!);
            }

            return pages;
        }
    }

    /// <summary>Gets a finished document back from its pages (to summarize it).</summary>
    /// <param name="id">The document's id.</param>
    /// <returns>The document, named by the name it was uploaded with, or <see langword="null"/> when it is not done.</returns>
    public Document? Load(string id) => Get(id) is { Status: "done" } document
        ? new Document
        {
            File = document.Name,
            Kind = Enum.TryParse(document.Kind, ignoreCase: true, out DocumentKind kind) ? kind : DocumentKind.Unknown,
            Pages = [.. Pages(id).Select(p => p.ToPage())],
        }
        : null;

    /// <summary>Gets how many documents wait to be read or are being read.</summary>
    /// <returns>The count.</returns>
    public int PendingCount()
    {
        lock (_gate)
        {
            using SqliteCommand command = Command("SELECT count(*) FROM documents WHERE status IN ('queued', 'processing')");
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Keeps a document's latest summary.</summary>
    /// <param name="id">The document's id.</param>
    /// <param name="summary">The summary.</param>
    internal void SaveSummary(string id, SummaryResponse summary)
    {
        lock (_gate)
        {
            Execute(
                "INSERT INTO summaries(document, json) VALUES ($i, $j) ON CONFLICT(document) DO UPDATE SET json = excluded.json",
                ("$i", id), ("$j", JsonSerializer.Serialize(summary, ServerJsonContext.Default.SummaryResponse)));
        }
    }

    /// <summary>Gets a document's latest summary.</summary>
    /// <param name="id">The document's id.</param>
    /// <returns>The summary, or <see langword="null"/> when none was made.</returns>
    internal SummaryResponse? Summary(string id)
    {
        lock (_gate)
        {
            using SqliteCommand command = Command("SELECT json FROM summaries WHERE document = $i", ("$i", id));
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize(json, ServerJsonContext.Default.SummaryResponse) : null;
        }
    }

    /// <summary>Keeps an uploaded file of the OCR API (<c>POST /v1/files</c>); its bytes are stored with the originals, by content hash.</summary>
    /// <param name="filename">The name it was uploaded with.</param>
    /// <param name="hash">The content hash.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="purpose">What it was uploaded for (<c>ocr</c>).</param>
    /// <returns>The file.</returns>
    internal StoredFile AddFile(string filename, string hash, long size, string purpose)
    {
        var file = new StoredFile(Guid.NewGuid().ToString(), filename, hash, size, purpose, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        lock (_gate)
        {
            Execute(
                "INSERT INTO files(id, filename, hash, size, purpose, created) VALUES ($i, $f, $h, $s, $p, $c)",
                ("$i", file.Id), ("$f", file.Filename), ("$h", file.Hash), ("$s", file.Size), ("$p", file.Purpose), ("$c", file.Created));
        }

        return file;
    }

    /// <summary>Gets an uploaded file.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>The file, or <see langword="null"/>.</returns>
    internal StoredFile? GetFile(string id)
    {
        lock (_gate)
        {
            using SqliteCommand command = Command("SELECT id, filename, hash, size, purpose, created FROM files WHERE id = $i", ("$i", id));
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read()
                ? new StoredFile(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetInt64(5))
                : null;
        }
    }

    /// <summary>Deletes an uploaded file, and its bytes unless a document or another file has the same content.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>Whether there was such a file.</returns>
    internal bool DeleteFile(string id)
    {
        lock (_gate)
        {
            using SqliteCommand find = Command("SELECT hash FROM files WHERE id = $i", ("$i", id));
            if (find.ExecuteScalar() is not string hash)
            {
                return false;
            }

            Execute("DELETE FROM files WHERE id = $i", ("$i", id));
            using SqliteCommand users = Command("SELECT (SELECT count(*) FROM files WHERE hash = $h) + (SELECT count(*) FROM documents WHERE hash = $h)", ("$h", hash));
            if (Convert.ToInt64(users.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                File.Delete(OriginalPath(hash));
            }

            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private LibraryDocument? Find(string condition, string value) =>
        Query($"SELECT id, name, hash, size, status, error, kind, pages, added FROM documents WHERE {condition}", ("$v", value)).FirstOrDefault();

    private List<LibraryDocument> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<LibraryDocument>();
        while (reader.Read())
        {
            list.Add(new LibraryDocument(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7), reader.GetString(8)));
        }

        return list;
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
#pragma warning disable CA2100 // Only constant SQL reaches here; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }
}

/// <summary>A file uploaded through the OCR API's files endpoint.</summary>
/// <param name="Id">Its id (a UUID).</param>
/// <param name="Filename">The name it was uploaded with.</param>
/// <param name="Hash">Its content hash; the bytes are the original stored under it.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Purpose">What it was uploaded for.</param>
/// <param name="Created">When, in Unix seconds.</param>
internal sealed record StoredFile(string Id, string Filename, string Hash, long Size, string Purpose, long Created);

/// <summary>A document of the library, as the API shows it.</summary>
/// <param name="Id">Its id (the first 16 hex digits of its content hash).</param>
/// <param name="Name">The file name it was uploaded with.</param>
/// <param name="Hash">Its content hash (SHA-256, hex).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Status"><c>queued</c>, <c>processing</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Error">Why it failed, or <see langword="null"/>.</param>
/// <param name="Kind">What it is (<c>pdf</c>, <c>image</c>, <c>text</c>) once read.</param>
/// <param name="Pages">Its page count once read.</param>
/// <param name="Added">When it was added (UTC, ISO 8601).</param>
public sealed record LibraryDocument(string Id, string Name, string Hash, long Size, string Status, string? Error, string? Kind, int Pages, string Added);
