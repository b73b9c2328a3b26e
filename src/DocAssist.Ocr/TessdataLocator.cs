using System.Text.RegularExpressions;
using DocAssist.Core;
using DocAssist.Core.Errors;

namespace DocAssist.Ocr;

/// <summary>Finds the folder of Tesseract language data and checks that the requested languages are in it.</summary>
public static partial class TessdataLocator
{
    /// <summary>The environment variable that names the language data folder.</summary>
    public const string EnvironmentVariable = "DOCASSIST_TESSDATA";

    /// <summary>Where Debian's <c>tesseract-ocr-*</c> packages put language data.</summary>
    public const string SystemTessdata = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Resolves the language data folder: the given value, else <c>DOCASSIST_TESSDATA</c>, else a <c>tessdata/</c> folder above the application, else the system folder.</summary>
    /// <param name="explicitPath">The <see cref="Settings.Tessdata"/> setting, or <see langword="null"/>.</param>
    /// <returns>The full path of an existing folder.</returns>
    /// <exception cref="ConfigException">The given folder does not exist, or none of the candidates does.</exception>
    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Existing(explicitPath, Settings.Mention(Settings.Tessdata));
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Existing(fromEnvironment, EnvironmentVariable);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tessdata");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.traineddata").Any())
            {
                return candidate;
            }
        }

        if (Directory.Exists(SystemTessdata))
        {
            return SystemTessdata;
        }

        throw new ConfigException(
            $"No Tesseract language data found: give {Settings.Mention(Settings.Tessdata)} (a folder), set {EnvironmentVariable}, or install the Debian package tesseract-ocr-eng (it fills {SystemTessdata}).")
        {
            KeyPath = Settings.Tessdata,
        };
    }

    /// <summary>Checks that a language list is well formed and that every <c>&lt;lang&gt;.traineddata</c> it names is in the folder.</summary>
    /// <param name="tessdataPath">The language data folder.</param>
    /// <param name="languages">Languages joined with <c>+</c>, e.g. <c>eng+fra</c>.</param>
    /// <exception cref="ConfigException">The list is malformed, or a file is missing (the message names it and how to get it).</exception>
    public static void EnsureLanguages(string tessdataPath, string languages)
    {
        ArgumentNullException.ThrowIfNull(tessdataPath);
        ArgumentNullException.ThrowIfNull(languages);

        // "fr" or "french" is what people type; Tesseract wants "fra", and Debian has no package tesseract-ocr-fr.
        string[] typed = languages.Split('+');
        foreach (string part in typed)
        {
            if (TesseractLanguages.TryResolveAlias(part, out string model, out string name))
            {
                string corrected = string.Join('+', typed.Select(t => TesseractLanguages.TryResolveAlias(t, out string m, out _) ? m : t));
                string source = File.Exists(Path.Combine(tessdataPath, model + ".traineddata"))
                    ? $"{model}.traineddata, from the Debian package {TesseractLanguages.DebianPackage(model)}, is in '{tessdataPath}'"
                    : $"it needs {model}.traineddata: {InstallHint(model)}";
                throw new ConfigException($"'{part}' is not a Tesseract language name: {name} is '{model}'. Run with {Settings.Mention(Settings.Languages, corrected)} ({source}).")
                {
                    KeyPath = Settings.Languages,
                };
            }
        }

        if (!LanguageList().IsMatch(languages))
        {
            throw new ConfigException($"The OCR language list '{languages}' is not valid: use Tesseract names joined with '+', e.g. eng, fra or eng+fra.")
            {
                KeyPath = Settings.Languages,
            };
        }

        if (!Directory.Exists(tessdataPath))
        {
            throw new ConfigException($"The Tesseract language data folder '{tessdataPath}' does not exist.") { KeyPath = Settings.Tessdata };
        }

        foreach (string language in languages.Split('+'))
        {
            string file = Path.Combine(tessdataPath, language + ".traineddata");
            if (!File.Exists(file))
            {
                throw new ConfigException(
                    $"The Tesseract language file '{language}.traineddata' is missing from '{tessdataPath}'. {char.ToUpperInvariant(InstallHint(language)[0])}{InstallHint(language)[1..]}.")
                {
                    KeyPath = Settings.Languages,
                };
            }
        }
    }

    /// <summary>Says how to get a model: its Debian package, or a copy of the file in the project's <c>tessdata/</c> folder.</summary>
    /// <param name="model">A model name such as <c>fra</c>.</param>
    /// <returns>A sentence fragment without a capital or a full stop.</returns>
    internal static string InstallHint(string model) => TesseractLanguages.DebianPackage(model) is { } package
        ? $"install the Debian package {package} and pass {Settings.Mention(Settings.Tessdata, SystemTessdata)}, or copy {model}.traineddata into the tessdata/ folder"
        : $"copy Tesseract's {model}.traineddata into the tessdata/ folder";

    private static string Existing(string path, string from)
    {
        string full = Path.GetFullPath(path);
        return Directory.Exists(full)
            ? full
            : throw new ConfigException($"The Tesseract language data folder '{path}' (from {from}) does not exist.") { KeyPath = Settings.Tessdata };
    }

    [GeneratedRegex("^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageList();
}
