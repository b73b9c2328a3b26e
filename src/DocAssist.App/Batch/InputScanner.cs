namespace DocAssist.App.Batch;

/// <summary>One file found under the input folder, or an entry that could not be used (with the reason).</summary>
/// <param name="RelativePath">The path below the input folder, with <c>/</c> separators.</param>
/// <param name="FullPath">The path to open (for a symbolic link, the link itself: opening follows it).</param>
/// <param name="Size">The size in bytes (of the link's target).</param>
/// <param name="LastWriteUtc">The last write time (of the link's target).</param>
/// <param name="Problem">Why the entry cannot be processed, or <see langword="null"/>.</param>
internal sealed record ScanEntry(string RelativePath, string FullPath, long Size, DateTime LastWriteUtc, string? Problem = null);

/// <summary>What a scan found: files to consider, and entries left out on purpose (with the reason).</summary>
/// <param name="Files">Files, and unusable entries with their problem, in a deterministic order.</param>
/// <param name="Ignored">Entries deliberately not followed (folder links, empty or special files, the output folder), as relative path and reason.</param>
internal sealed record ScanResult(IReadOnlyList<ScanEntry> Files, IReadOnlyList<(string Path, string Reason)> Ignored);

/// <summary>Lists every file under a folder, recursively, in ordinal name order.</summary>
/// <remarks>
/// Folder symbolic links are never followed, so a link loop cannot trap the scan (and nothing outside the input folder is reached through
/// one); file symbolic links are followed. A folder that cannot be listed, a dangling or looping file link, and a name that is not valid
/// UTF-8 are reported as entries with a problem, so the batch records them as failures and goes on. Empty files are left out: special files
/// (pipes, sockets, devices) report a size of 0, and opening a pipe would block. The output folder is skipped when it lies inside the input.
/// </remarks>
internal static class InputScanner
{
    /// <summary>Scans a folder.</summary>
    /// <param name="root">The input folder.</param>
    /// <param name="exclude">A folder to leave out (the output folder), or <see langword="null"/>.</param>
    /// <returns>What was found.</returns>
    public static ScanResult Scan(string root, string? exclude)
    {
        string rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string? excludeFull = exclude is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(exclude));
        var files = new List<ScanEntry>();
        var ignored = new List<(string, string)>();
        var pending = new Stack<string>();
        pending.Push(rootFull);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };

        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            string relDir = Relative(rootFull, dir);
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                files.Add(new ScanEntry(relDir.Length == 0 ? "." : relDir + "/", dir, 0, default, $"the folder cannot be listed ({Reason(ex)})"));
                continue;
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subdirs = new List<string>();
            foreach (FileSystemInfo entry in entries)
            {
                string rel = relDir.Length == 0 ? entry.Name : relDir + "/" + entry.Name;
                if (entry is DirectoryInfo directory)
                {
                    if (directory.LinkTarget is not null)
                    {
                        ignored.Add((rel + "/", "folder link not followed"));
                    }
                    else if (excludeFull is not null && string.Equals(directory.FullName, excludeFull, StringComparison.Ordinal))
                    {
                        ignored.Add((rel + "/", "the output folder"));
                    }
                    else
                    {
                        subdirs.Add(directory.FullName);
                    }

                    continue;
                }

                if (Describe((FileInfo)entry, rel) is { } file)
                {
                    files.Add(file);
                }
                else
                {
                    ignored.Add((rel, "empty or special file"));
                }
            }

            // Depth first, in name order: pushed in reverse so the first folder is scanned next.
            for (int i = subdirs.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirs[i]);
            }
        }

        return new ScanResult(files, ignored);
    }

    /// <summary>Describes one file, following a file link; <see langword="null"/> for an empty or special file, or a link to a folder.</summary>
    /// <param name="file">The file.</param>
    /// <param name="relativePath">Its path below the input folder.</param>
    /// <returns>The entry, or <see langword="null"/> when it is left out.</returns>
    public static ScanEntry? Describe(FileInfo file, string relativePath)
    {
        if (file.Name.Contains('\uFFFD', StringComparison.Ordinal) && !file.Exists && file.LinkTarget is null)
        {
            return new ScanEntry(relativePath, file.FullName, 0, default, "the file name is not valid UTF-8 and cannot be opened; rename it");
        }

        FileInfo target = file;
        if (file.LinkTarget is not null)
        {
            FileSystemInfo? resolved;
            try
            {
                resolved = file.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new ScanEntry(relativePath, file.FullName, 0, default, $"the link cannot be followed ({Reason(ex)})");
            }

            if (resolved is null || !resolved.Exists)
            {
                return Directory.Exists(file.FullName)
                    ? null
                    : new ScanEntry(relativePath, file.FullName, 0, default, "the link points to nothing (dangling symbolic link)");
            }

            if (resolved is DirectoryInfo || Directory.Exists(resolved.FullName))
            {
                return null;
            }

            target = new FileInfo(resolved.FullName);
        }

        try
        {
            return target.Length == 0 ? null : new ScanEntry(relativePath, file.FullName, target.Length, target.LastWriteTimeUtc);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ScanEntry(relativePath, file.FullName, 0, default, $"the file cannot be read ({Reason(ex)})");
        }
    }

    /// <summary>Returns a path relative to the root with <c>/</c> separators.</summary>
    /// <param name="root">The root folder (full path).</param>
    /// <param name="path">A full path below it.</param>
    /// <returns>The relative path; empty for the root itself.</returns>
    public static string Relative(string root, string path)
    {
        string rel = Path.GetRelativePath(root, path);
        return rel == "." ? string.Empty : rel.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message.TrimEnd('.'),
    };
}
