using System.Text;
using DocAssist.App.Output;

namespace DocAssist.App.Batch;

/// <summary>Where each input's outputs go: the input tree mirrored under the output folder, every path segment sanitized, names unique.</summary>
/// <remarks>
/// Segments go through <see cref="OutputNames.Sanitize"/> (no separators, control characters, leading dots) and are cut to
/// <see cref="MaxSegmentBytes"/> bytes of UTF-8; inputs whose names become equal get <c>-2</c>, <c>-3</c>… in scan order, which is
/// deterministic, so every run (and every shard) agrees on the names. Every path is checked to stay inside the output folder.
/// </remarks>
internal sealed class OutputLayout
{
    /// <summary>The extension of the searchable PDF output.</summary>
    public const string SearchablePdfExtension = ".searchable.pdf";

    /// <summary>The most UTF-8 bytes kept of one segment, leaving room for the longest output extension within the usual 255-byte limit.</summary>
    public const int MaxSegmentBytes = 200;

    private readonly string _root;
    private readonly Dictionary<string, string> _stems = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="OutputLayout"/> class.</summary>
    /// <param name="outputRoot">The output folder.</param>
    /// <param name="reservedRootStems">Stems at the top of the output folder that inputs may not take (the reports' names).</param>
    public OutputLayout(string outputRoot, IEnumerable<string> reservedRootStems)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputRoot));
        foreach (string stem in reservedRootStems)
        {
            _taken.Add(stem);
        }
    }

    /// <summary>Gets the output folder (full path).</summary>
    public string Root => _root;

    /// <summary>Assigns (or returns the assigned) output stem of an input: the relative path of its outputs without their extension.</summary>
    /// <param name="relativeInput">The input's path below the input folder, <c>/</c>-separated.</param>
    /// <returns>The relative stem, <c>/</c>-separated, e.g. <c>letters/1938/scan.pdf</c>.</returns>
    public string StemFor(string relativeInput)
    {
        if (_stems.TryGetValue(relativeInput, out string? known))
        {
            return known;
        }

        string[] segments = relativeInput.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder();
        for (int i = 0; i < segments.Length - 1; i++)
        {
            sb.Append(Segment(segments[i])).Append('/');
        }

        string dir = sb.ToString();
        string name = Segment(segments.Length == 0 ? "document" : segments[^1]);
        string stem = dir + name;
        for (int n = 2; !_taken.Add(stem); n++)
        {
            stem = $"{dir}{name}-{n}";
        }

        _stems[relativeInput] = stem;
        return stem;
    }

    /// <summary>Returns the full path of an output, checking that it stays inside the output folder.</summary>
    /// <param name="relative">The output's relative path, <c>/</c>-separated.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="InvalidOperationException">The path would leave the output folder.</exception>
    public string FullPath(string relative)
    {
        string full = Path.GetFullPath(Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The output path '{relative}' would leave the output folder; refused.");
        }

        return full;
    }

    /// <summary>Sanitizes one path segment and cuts it to <see cref="MaxSegmentBytes"/> bytes of UTF-8 (on a character boundary).</summary>
    /// <param name="segment">The segment.</param>
    /// <returns>A safe, non-empty segment.</returns>
    internal static string Segment(string segment)
    {
        string safe = OutputNames.Sanitize(segment.Replace('\uFFFD', '_'));
        if (safe is "." or "..")
        {
            safe = "_";
        }

        while (Encoding.UTF8.GetByteCount(safe) > MaxSegmentBytes)
        {
            safe = safe[..^(char.IsLowSurrogate(safe[^1]) && safe.Length > 1 ? 2 : 1)];
        }

        return safe;
    }
}
