using System.Security.Cryptography;

namespace DocAssist.ExtractionEval;

/// <summary>One PDF to measure: where it is and how the report names it.</summary>
/// <param name="Group">The input argument it came from (a folder's name, or the file's folder name).</param>
/// <param name="Label">The name in the report: group, then the path inside the folder.</param>
/// <param name="Path">The file.</param>
internal sealed record InputFile(string Group, string Label, string Path);

/// <summary>Expands the command line's files and folders into the PDFs to measure.</summary>
internal static class Inputs
{
    /// <summary>The manifest kinds whose files have a text layer worth measuring.</summary>
    private static readonly string[] TextKinds = ["born-digital", "mixed"];

    /// <summary>Lists the PDFs: files as given, folders' <c>*.pdf</c> (recursively) in name order, each content once.</summary>
    /// <param name="arguments">Files and folders.</param>
    /// <param name="skipped">Receives the files left out and why (duplicates, manifest kinds without a text layer).</param>
    /// <returns>The files to measure.</returns>
    /// <remarks>
    /// A folder holding a <c>manifest.tsv</c> with <c>file</c> and <c>kind</c> columns (the shared test data's format)
    /// contributes only its born-digital and mixed files: broken and encrypted files are another tool's business, and
    /// some of them crash parsers.
    /// </remarks>
    public static List<InputFile> Expand(IEnumerable<string> arguments, List<(string Label, string Reason)> skipped)
    {
        var files = new List<InputFile>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                string root = Path.GetFullPath(argument);
                string group = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
                Dictionary<string, string>? kinds = ReadManifest(Path.Combine(root, "manifest.tsv"));
                foreach (string path in Directory.GetFiles(root, "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                    string label = $"{group}/{relative}";
                    if (kinds is not null && (!kinds.TryGetValue(relative, out string? kind) || !TextKinds.Contains(kind)))
                    {
                        skipped.Add((label, $"manifest kind: {kinds.GetValueOrDefault(relative, "not listed")}"));
                        continue;
                    }

                    Add(group, label, path);
                }
            }
            else if (File.Exists(argument))
            {
                string path = Path.GetFullPath(argument);
                string group = Path.GetFileName(Path.GetDirectoryName(path)) ?? ".";
                Add(group, $"{group}/{Path.GetFileName(path)}", path);
            }
            else
            {
                throw new FileNotFoundException($"{argument}: no such file or folder.", argument);
            }
        }

        return files;

        void Add(string group, string label, string path)
        {
            string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
            if (seen.TryGetValue(hash, out string? first))
            {
                skipped.Add((label, $"same content as {first}"));
                return;
            }

            seen[hash] = label;
            files.Add(new InputFile(group, label, path));
        }
    }

    private static Dictionary<string, string>? ReadManifest(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string[] lines = File.ReadAllLines(path);
        string[] header = lines.Length > 0 ? lines[0].Split('\t') : [];
        int file = Array.IndexOf(header, "file"), kind = Array.IndexOf(header, "kind");
        if (file < 0 || kind < 0)
        {
            return null;
        }

        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split('\t');
            if (cells.Length > Math.Max(file, kind))
            {
                kinds[cells[file]] = cells[kind];
            }
        }

        return kinds;
    }
}
