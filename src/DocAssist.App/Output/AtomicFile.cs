using System.Globalization;
using System.Text;

namespace DocAssist.App.Output;

/// <summary>Writes files so that a reader (or a crash) never sees half of one: write a hidden temp file beside it, flush it to disk, rename.</summary>
public static class AtomicFile
{
    /// <summary>Returns a fresh temp path beside <paramref name="path"/>: <c>.NAME.TAG.GUID.tmp</c>, hidden and unique.</summary>
    /// <param name="path">The final path.</param>
    /// <param name="tag">Who writes it (a batch names its own temps so it can remove its leftovers); default: this process's id.</param>
    public static string TempPathFor(string path, string? tag = null)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        tag ??= Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{tag}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Writes UTF-8 text (no byte order mark) atomically, creating the folder if needed.</summary>
    /// <param name="path">The target.</param>
    /// <param name="contents">The text.</param>
    /// <param name="tag">The temp file's tag (see <see cref="TempPathFor"/>).</param>
    /// <param name="cancellationToken">Stops before the rename.</param>
    public static async Task WriteAllTextAsync(string path, string contents, string? tag = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = TempPathFor(path, tag);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(new UTF8Encoding(false).GetBytes(contents), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
