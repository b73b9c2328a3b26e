using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocAssist.Core.Model;
using DocAssist.Llm.Text;
using Microsoft.Data.Sqlite;

namespace DocAssist.Llm.Retrieval;

/// <summary>A BM25 passage index on SQLite FTS5, in memory for one job or in a file for a folder, updated incrementally by content hash.</summary>
/// <remarks>Not thread-safe: one connection, used by one job at a time. Also stores passage embeddings so they are computed once.</remarks>
public sealed class Bm25Index : IDisposable
{
    /// <summary>The index file's name inside an <c>--index</c> folder.</summary>
    public const string FileName = "docassist-index.sqlite";

    // 2: a `cjk` column of CJK bigrams; passages are the pages' content text (no page furniture, hyphenation undone).
    // 3: a `boxes` column, where each passage's words sit on its page; a `scope` column of key and folder terms (see ScopeTerms).
    // 4: a `frame` column, the size and unit of the page the boxes lie on ("612,792,pt").
    private const int SchemaVersion = 4;

    // Up to this many keys, a scope of documents is a condition on the full-text index itself; beyond, on each matching row.
    private const int MaxKeyTerms = 64;
    private readonly SqliteConnection _connection;

    private Bm25Index(SqliteConnection connection, string? path)
    {
        _connection = connection;
        Path = path;
        Execute("PRAGMA journal_mode = WAL;");
        ReplacedSchema = DropOtherSchema();
        Execute($"""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS documents(id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, pages INTEGER NOT NULL);
            CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(
                text, cjk, scope, doc_id UNINDEXED, file UNINDEXED, first_page UNINDEXED, last_page UNINDEXED, idx UNINDEXED, boxes UNINDEXED, frame UNINDEXED,
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE IF NOT EXISTS vectors(passage INTEGER NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(passage, model));
            INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', '{SchemaVersion}');
            """);
    }

    /// <summary>Gets the index file, or <see langword="null"/> for an in-memory index.</summary>
    public string? Path { get; }

    /// <summary>Gets the schema version of the index the file held when it was opened, which was dropped because this version reads another one; <see langword="null"/> when nothing was dropped.</summary>
    /// <remarks>The index is derived data: after a drop no file has a recorded hash, so every document is indexed again on its next use.</remarks>
    public string? ReplacedSchema { get; }

    /// <summary>Gets the number of indexed documents.</summary>
    public int DocumentCount => (int)(long)Scalar("SELECT count(*) FROM documents")!;

    /// <summary>Gets the number of indexed passages.</summary>
    public int PassageCount => (int)(long)Scalar("SELECT count(*) FROM passages")!;

    /// <summary>Opens an index that lives only as long as this object.</summary>
    /// <returns>An empty index.</returns>
    public static Bm25Index OpenInMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return new Bm25Index(connection, null);
    }

    /// <summary>Opens (or creates) the index file in a folder.</summary>
    /// <param name="directory">The <c>--index</c> folder; created if missing.</param>
    /// <returns>The index.</returns>
    public static Bm25Index Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, FileName);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return new Bm25Index(connection, path);
    }

    /// <summary>Gets the content hash recorded for a file, or <see langword="null"/> when it is not indexed.</summary>
    /// <param name="file">The file as given to <see cref="Upsert"/>.</param>
    /// <returns>The hash.</returns>
    public string? GetHash(string file) => Scalar("SELECT hash FROM documents WHERE file = $f", ("$f", file)) as string;

    /// <summary>Gets the indexed files.</summary>
    /// <returns>The files, sorted.</returns>
    public IReadOnlyList<string> Files()
    {
        using SqliteCommand command = Command("SELECT file FROM documents ORDER BY file");
        using SqliteDataReader reader = command.ExecuteReader();
        var files = new List<string>();
        while (reader.Read())
        {
            files.Add(reader.GetString(0));
        }

        return files;
    }

    /// <summary>Replaces a document's passages (and drops their stored embeddings) in one transaction.</summary>
    /// <remarks>The document is keyed by <see cref="Document.File"/>, whatever string the caller chose (a full path, a path relative to a folder).</remarks>
    /// <param name="document">The document.</param>
    /// <param name="hash">The content hash of its source file.</param>
    /// <param name="passages">Its passages, from <see cref="Chunker.ForRetrieval"/>.</param>
    public void Upsert(Document document, string hash, IReadOnlyList<Chunk> passages)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(passages);
        using SqliteTransaction tx = _connection.BeginTransaction();
        Remove(document.File);
        using (SqliteCommand doc = Command("INSERT INTO documents(file, hash, pages) VALUES ($f, $h, $p) RETURNING id", ("$f", document.File), ("$h", hash), ("$p", document.Pages.Count)))
        {
            long id = (long)doc.ExecuteScalar()!;
            using SqliteCommand insert = Command("INSERT INTO passages(text, cjk, scope, doc_id, file, first_page, last_page, idx, boxes, frame) VALUES ($t, $c, $s, $d, $f, $a, $b, $i, $x, $w)");
            SqliteParameter text = insert.Parameters.Add("$t", SqliteType.Text);
            SqliteParameter cjk = insert.Parameters.Add("$c", SqliteType.Text);
            insert.Parameters.AddWithValue("$s", string.Join(' ', ScopeTerms(document.File)));
            insert.Parameters.AddWithValue("$d", id);
            insert.Parameters.AddWithValue("$f", document.File);
            SqliteParameter first = insert.Parameters.Add("$a", SqliteType.Integer);
            SqliteParameter last = insert.Parameters.Add("$b", SqliteType.Integer);
            SqliteParameter index = insert.Parameters.Add("$i", SqliteType.Integer);
            SqliteParameter boxes = insert.Parameters.Add("$x", SqliteType.Text);
            SqliteParameter frame = insert.Parameters.Add("$w", SqliteType.Text);
            foreach (Chunk passage in passages)
            {
                text.Value = passage.Text;
                cjk.Value = Cjk.IndexTerms(passage.Text);
                first.Value = passage.FirstPage;
                last.Value = passage.LastPage;
                index.Value = passage.Index;
                boxes.Value = passage.Boxes.Count == 0 ? DBNull.Value : EncodeBoxes(passage.Boxes);
                frame.Value = passage.Frame is { } f ? EncodeFrame(f) : DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        tx.Commit();
    }

    /// <summary>Removes a document and its passages.</summary>
    /// <param name="file">The file as given to <see cref="Upsert"/>.</param>
    /// <returns><see langword="true"/> when it was indexed.</returns>
    public bool Remove(string file)
    {
        if (Scalar("SELECT id FROM documents WHERE file = $f", ("$f", file)) is not long id)
        {
            return false;
        }

        Execute("DELETE FROM vectors WHERE passage IN (SELECT rowid FROM passages WHERE doc_id = $d)", ("$d", id));
        Execute("DELETE FROM passages WHERE doc_id = $d", ("$d", id));
        Execute("DELETE FROM documents WHERE id = $d", ("$d", id));
        return true;
    }

    /// <summary>Finds the passages that best match a query by BM25.</summary>
    /// <param name="query">The question.</param>
    /// <param name="limit">How many passages at most.</param>
    /// <param name="scope">The documents searched, or <see langword="null"/> for every document in the index.</param>
    /// <returns>The hits, best first, each with its boxes (see <see cref="Chunk.Boxes"/>); empty when the query has no searchable word.</returns>
    public IReadOnlyList<SearchHit> Search(string query, int limit, SearchScope? scope = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        string? match = QueryTerms.ToFts5(QueryTerms.Extract(query));
        if (match is null || scope?.Keys is { Count: 0 })
        {
            return [];
        }

        // The scope is a condition of the query itself, so LIMIT counts only passages in scope. As terms of the full-text index, it
        // costs nothing per matching passage: FTS5 intersects the lists of passages holding the words and those holding the term.
        string words = "{text cjk} : (" + match + ")";
        using SqliteCommand command = scope switch
        {
            null => Command(SearchSql(string.Empty), ("$q", words), ("$n", limit)),
            { Keys: { Count: > MaxKeyTerms } keys } => Command(
                SearchSql("AND doc_id IN (SELECT id FROM documents WHERE file IN (SELECT value FROM json_each($keys)))"),
                ("$q", words),
                ("$n", limit),
                ("$keys", KeysJson(keys))),
            { Keys: { } keys } => Command(SearchSql(string.Empty), ("$q", $"{words} AND scope : ({string.Join(" OR ", keys.Select(KeyTerm))})"), ("$n", limit)),
            _ => Command(
                SearchSql(string.Empty),
                ("$q", $"{words} AND scope : ({KeyTerm(scope.Folder!)} OR {FolderTerm(scope.Folder!.TrimEnd('/', '\\'))})"),
                ("$n", limit)),
        };
        using SqliteDataReader reader = command.ExecuteReader();
        var hits = new List<SearchHit>();
        while (reader.Read())
        {
            var chunk = new Chunk(reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(1), reader.GetInt32(5))
            {
                Boxes = reader.IsDBNull(7) ? [] : DecodeBoxes(reader.GetString(7)),
                Frame = reader.IsDBNull(8) ? null : DecodeFrame(reader.GetString(8)),
            };

            // FTS5's bm25() is lower-is-better; flip it so every score in the library is higher-is-better.
            hits.Add(new SearchHit(chunk, -reader.GetDouble(6), reader.GetInt64(0)));
        }

        return hits;
    }

    /// <summary>Gets a stored passage embedding.</summary>
    /// <param name="passage">The passage row.</param>
    /// <param name="model">The embedding model.</param>
    /// <returns>The vector, or <see langword="null"/>.</returns>
    public float[]? GetVector(long passage, string model) =>
        Scalar("SELECT vector FROM vectors WHERE passage = $p AND model = $m", ("$p", passage), ("$m", model)) is byte[] blob
            ? MemoryMarshal.Cast<byte, float>(blob).ToArray()
            : null;

    /// <summary>Stores a passage embedding.</summary>
    /// <param name="passage">The passage row.</param>
    /// <param name="model">The embedding model.</param>
    /// <param name="vector">The vector.</param>
    public void SetVector(long passage, string model, ReadOnlySpan<float> vector) =>
        Execute("INSERT OR REPLACE INTO vectors(passage, model, vector) VALUES ($p, $m, $v)", ("$p", passage), ("$m", model), ("$v", MemoryMarshal.AsBytes(vector).ToArray()));

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    // An index written under another schema would be queried wrongly (or fail on insert): drop it so it is rebuilt.
    private string? DropOtherSchema()
    {
        if (Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('meta', 'documents', 'passages', 'vectors')") is not long tables || tables == 0)
        {
            return null;
        }

        string found = (Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'meta'") is long and > 0
            ? Scalar("SELECT value FROM meta WHERE key = 'schema'") as string
            : null) ?? "none";
        if (found == SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        using SqliteTransaction tx = _connection.BeginTransaction();
        Execute("DROP TABLE IF EXISTS vectors; DROP TABLE IF EXISTS passages; DROP TABLE IF EXISTS documents; DROP TABLE IF EXISTS meta;");
        tx.Commit();
        return found;
    }

    // The scope column weighs nothing in the score: only the question's words rank passages.
    private static string SearchSql(string scope) =>
        $"SELECT rowid, text, file, first_page, last_page, idx, bm25(passages, 1.0, 1.0, 0.0) AS score, boxes, frame FROM passages WHERE passages MATCH $q {scope} ORDER BY score LIMIT $n";

    // A passage's scope terms: one naming its document's key, and one for every folder above it (each prefix of the key up to a `/` or
    // `\`), so `/a/b/c/x.pdf` is found under `/a/b` and `/a/b/c`, and `/a/bc/x.pdf` is not. Terms are hashes written in digits, which
    // the tokenizer keeps whole and the stemmer leaves alone.
    private static IEnumerable<string> ScopeTerms(string file)
    {
        yield return KeyTerm(file);
        for (int i = 0; i < file.Length; i++)
        {
            if (file[i] is '/' or '\\')
            {
                yield return FolderTerm(file[..i]);
            }
        }
    }

    private static string KeyTerm(string file) => Term("=" + file);

    private static string FolderTerm(string folder) => Term("<" + folder);

    private static string Term(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash).ToString("D20", CultureInfo.InvariantCulture);
    }

    private static string KeysJson(IEnumerable<string> keys)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string key in keys)
            {
                json.WriteStringValue(key);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Boxes as a JSON array of whole numbers, four a box: [left,top,right,bottom,left,...].
    private static string EncodeBoxes(IReadOnlyList<BoundingBox> boxes)
    {
        var text = new StringBuilder("[");
        foreach (BoundingBox b in boxes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{b.Left},{b.Top},{b.Right},{b.Bottom},");
        }

        text[^1] = ']';
        return text.ToString();
    }

    private static BoundingBox[] DecodeBoxes(string text)
    {
        string[] n = text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries);
        var boxes = new BoundingBox[n.Length / 4];
        for (int i = 0; i < boxes.Length; i++)
        {
            boxes[i] = new BoundingBox(Int(n[4 * i]), Int(n[(4 * i) + 1]), Int(n[(4 * i) + 2]), Int(n[(4 * i) + 3]));
        }

        return boxes;

        static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static string EncodeFrame(PageFrame frame) => string.Create(
        CultureInfo.InvariantCulture, $"{Math.Round(frame.Width, 2)},{Math.Round(frame.Height, 2)},{(frame.Unit == PageUnit.Pixel ? "px" : "pt")}");

    private static PageFrame? DecodeFrame(string text)
    {
        string[] parts = text.Split(',');
        return parts.Length == 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double width)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double height)
            ? new PageFrame(width, height, parts[2] == "px" ? PageUnit.Pixel : PageUnit.Point)
            : null;
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

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        return command.ExecuteScalar();
    }
}
