using System.Text;

namespace DocAssist.App.Output;

/// <summary>Derives safe, unique output file names from input paths: no directory part, no control characters, never outside the output folder.</summary>
public sealed class OutputNames
{
    private const int MaxStemLength = 120;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>Gets a name for an input's output file, unique among the names given so far.</summary>
    /// <param name="inputPath">The input path.</param>
    /// <param name="extension">The output's extension, with its dot.</param>
    /// <returns>The file name.</returns>
    public string For(string inputPath, string extension)
    {
        string stem = Sanitize(Path.GetFileName(inputPath));
        string name = stem + extension;
        for (int n = 2; !_taken.Add(name); n++)
        {
            name = $"{stem}-{n}{extension}";
        }

        return name;
    }

    internal static string Sanitize(string fileName)
    {
        var sb = new StringBuilder(fileName.Length);
        foreach (char c in fileName)
        {
            sb.Append(char.IsControl(c) || c is '/' or '\\' || char.IsSurrogate(c) ? '_' : c);
        }

        string name = sb.ToString().Trim().TrimStart('.');
        if (name.Length > MaxStemLength)
        {
            name = name[..MaxStemLength];
        }

        return name.Length == 0 ? "document" : name;
    }
}
