using System.Text.RegularExpressions;
using DocAssist.App.Output;

namespace DocAssist.App.Batch;

/// <summary>The batch's temp files (written through <see cref="AtomicFile"/> with the batch's <see cref="Tag"/>): every output is written to a hidden temp file beside it, flushed to disk and renamed into place, so a kill at any moment leaves either the old file or the new one, never a torn one.</summary>
/// <remarks>
/// Temp names are <c>.NAME.TAG.GUID.tmp</c> (and <c>….tmp.pages</c> folders for searchable PDF pages), where TAG names the batch (and its
/// shard), so a run removes its own leftovers from a killed run and never those of another shard writing to the same folder.
/// </remarks>
internal static partial class BatchFiles
{
    /// <summary>Returns the tag of a batch's temp files.</summary>
    /// <param name="shard">The shard.</param>
    /// <returns><c>batch</c> or <c>batch-shard-K-of-N</c>.</returns>
    public static string Tag(ShardSpec shard) => shard.IsAll ? "batch" : "batch-" + shard.Tag;

    /// <summary>Moves a finished temp file into place.</summary>
    /// <param name="temp">The temp file (already flushed).</param>
    /// <param name="path">The target.</param>
    public static void Commit(string temp, string path) => File.Move(temp, path, overwrite: true);

    /// <summary>Removes a batch's temp files and folders left by a killed run, anywhere under the output folder (links are not followed).</summary>
    /// <param name="root">The output folder.</param>
    /// <param name="tag">The batch's tag.</param>
    /// <returns>How many were removed.</returns>
    public static int RemoveStaleTemps(string root, string tag)
    {
        var pattern = new Regex(@"^\..+\." + Regex.Escape(tag) + @"\.[0-9a-f]{32}\.tmp(\.pages)?$", RegexOptions.CultureInvariant);
        int removed = 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            DirectoryInfo dir = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = dir.GetFileSystemInfos();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (FileSystemInfo entry in entries)
            {
                bool isDir = entry is DirectoryInfo && entry.LinkTarget is null;
                if (pattern.IsMatch(entry.Name))
                {
                    try
                    {
                        if (isDir)
                        {
                            ((DirectoryInfo)entry).Delete(recursive: true);
                        }
                        else
                        {
                            entry.Delete();
                        }

                        removed++;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // Left for the next run.
                    }
                }
                else if (isDir)
                {
                    pending.Push((DirectoryInfo)entry);
                }
            }
        }

        return removed;
    }

    /// <summary>Deletes a file or folder if it exists, ignoring failures.</summary>
    /// <param name="path">The path.</param>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Removed at the next start.
        }
    }
}
