namespace DocAssist.Cli.Tests;

/// <summary>A test class's own scratch folder, deleted afterwards, and the environment that keeps the user's own config, model and server settings
/// out of a CLI run.</summary>
public abstract class CliScratch : IDisposable
{
    protected CliScratch()
    {
        Directory.CreateDirectory(Dir);
    }

    /// <summary>Gets the scratch folder.</summary>
    protected string Dir { get; } = Path.Combine(Path.GetTempPath(), "docassist-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a text file under the scratch folder (folders created as needed) and returns its path.</summary>
    protected string Write(string relative, string text)
    {
        string path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The environment overlay of a run: config under the scratch folder, no model, server or key from the user's environment.</summary>
    protected Dictionary<string, string?> Isolated() => new()
    {
        ["XDG_CONFIG_HOME"] = Dir,
        ["DOCASSIST_CONFIG"] = null,
        ["OLLAMA_HOST"] = null,
        ["DOCASSIST_MODEL"] = null,
        ["DOCASSIST_API_KEY"] = null,
    };
}
