using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocAssist.App.Batch;

/// <summary>What the manifest remembers about one input: the outcome of the last run that processed it.</summary>
internal sealed record ManifestRecord(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("hash")] string? Hash,
    [property: JsonPropertyName("options")] string Options,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mtime")] DateTime LastWriteUtc,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("errorKind")] string? ErrorKind,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("outputs")] IReadOnlyList<string> Outputs,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("pageCounts")] PageCounts? PageCounts,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("warnings")] int Warnings,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("summaryError")] string? SummaryError = null)
{
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>Gets a value indicating whether a re-run with the same content and options may skip this input: it succeeded, summary
    /// included. Every failure is tried again, whatever its kind: a failure may come from this machine rather than the file (a language
    /// pack, a decoder, permissions, a page time limit too small), and a file that is really damaged fails again quickly.</summary>
    /// <remarks>A record written before page counts were journaled (<see cref="PageCounts"/> is <see langword="null"/>) is final too:
    /// its counts are taken from its JSON output (<c>BatchJob</c> journals them then).</remarks>
    [JsonIgnore]
    public bool IsFinal => Status == Done && SummaryError is null;
}

/// <summary>The batch's memory across runs: an append-only journal of JSON lines in the output folder, one per finished input.</summary>
/// <remarks>
/// <para>
/// Each line is written and flushed to disk (fsync) after the input's outputs are in place, so a line never claims an output that is
/// not there. A run killed while writing a line leaves a torn last line: it is cut off at the next load. The last line for a path wins.
/// Inputs are matched by relative path, content hash and options hash: a changed file or changed options means the input is done again.
/// </para>
/// <para>Thread-safe: lines are appended under a lock.</para>
/// </remarks>
internal sealed class BatchManifest : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ManifestRecord> _records = new(StringComparer.Ordinal);
    private readonly FileStream _journal;

    private BatchManifest(string path, FileStream journal)
    {
        FilePath = path;
        _journal = journal;
    }

    /// <summary>Gets the journal's path.</summary>
    public string FilePath { get; }

    /// <summary>Gets the number of lines dropped at load because they were torn or unreadable.</summary>
    public int DroppedLines { get; private set; }

    /// <summary>Opens (or creates) a journal, reading what it holds and cutting off a torn last line.</summary>
    /// <param name="path">The journal file.</param>
    /// <returns>The manifest.</returns>
    public static BatchManifest Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var journal = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var manifest = new BatchManifest(path, journal);
        try
        {
            manifest.Load();
        }
        catch
        {
            journal.Dispose();
            throw;
        }

        return manifest;
    }

    /// <summary>Returns the last record of a path, if any.</summary>
    /// <param name="relativePath">The input's relative path.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    public ManifestRecord? Get(string relativePath)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(relativePath);
        }
    }

    /// <summary>Returns the content hash recorded for a path when its size and modification time are unchanged, to spare re-reading it.</summary>
    /// <param name="entry">The scanned file.</param>
    /// <returns>The hash, or <see langword="null"/>.</returns>
    public string? KnownHash(ScanEntry entry)
    {
        ManifestRecord? record = Get(entry.RelativePath);
        return record is { Hash: { } hash } && record.Size == entry.Size && record.LastWriteUtc == entry.LastWriteUtc ? hash : null;
    }

    /// <summary>Appends a record and flushes it to disk.</summary>
    /// <param name="record">The record.</param>
    public void Append(ManifestRecord record)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, BatchJsonContext.Default.ManifestRecord) + "\n");
        lock (_gate)
        {
            _journal.Seek(0, SeekOrigin.End);
            _journal.Write(line);
            _journal.Flush(flushToDisk: true);
            _records[record.Path] = record;
        }
    }

    /// <summary>Returns every record (last per path).</summary>
    /// <returns>The records.</returns>
    public IReadOnlyList<ManifestRecord> All()
    {
        lock (_gate)
        {
            return [.. _records.Values];
        }
    }

    public void Dispose() => _journal.Dispose();

    private void Load()
    {
        byte[] bytes = new byte[_journal.Length];
        _journal.ReadExactly(bytes);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < bytes.Length)
        {
            // A run was killed mid-line: forget the torn line, and start the next one on a fresh line.
            DroppedLines++;
            _journal.SetLength(end);
            _journal.Flush(flushToDisk: true);
        }

        int start = 0;
        while (start < end)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start, end - start);
            ReadOnlySpan<byte> line = bytes.AsSpan(start, newline - start);
            start = newline + 1;
            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, BatchJsonContext.Default.ManifestRecord) is { Path: not null } record)
                {
                    _records[record.Path] = record;
                }
            }
            catch (JsonException)
            {
                DroppedLines++;
            }
        }
    }
}
