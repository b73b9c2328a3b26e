namespace DocAssist.Core;

/// <summary>The names of the settings a user gives DocAssist, each named once, and the one way library messages mention them.
/// Messages never name a host's spelling of a setting (a command-line flag, a form field): each host rewrites the mentions
/// into its own (the CLI turns "the `password` setting" into <c>--password</c>). <see cref="Errors.ConfigException.KeyPath"/>
/// holds these names too.</summary>
public static class Settings
{
    /// <summary>The password of an encrypted PDF.</summary>
    public const string Password = "password";

    /// <summary>The largest image, in pixels, that is decoded.</summary>
    public const string MaxImagePixels = "maxImagePixels";

    /// <summary>The OCR language list, e.g. <c>eng+fra</c>.</summary>
    public const string Languages = "languages";

    /// <summary>The folder of Tesseract language data.</summary>
    public const string Tessdata = "tessdata";

    /// <summary>The base URL of a model server.</summary>
    public const string BaseUrl = "baseUrl";

    /// <summary>The model to use.</summary>
    public const string Model = "model";

    /// <summary>The kind of model server (<c>ollama</c>, <c>openai</c>).</summary>
    public const string Provider = "provider";

    /// <summary>The name of an endpoint declared in the config.</summary>
    public const string Endpoint = "endpoint";

    /// <summary>Where model requests may go (<c>local</c>, <c>eu</c>, <c>any</c>).</summary>
    public const string Policy = "policy";

    /// <summary>Whether names and numbers are redacted before text leaves the machine.</summary>
    public const string Redact = "redact";

    /// <summary>The output folder of a batch.</summary>
    public const string Output = "output";

    /// <summary>The input folder of a batch.</summary>
    public const string Input = "input";

    /// <summary>The part of a batch this run does (<c>K/N</c>).</summary>
    public const string Shard = "shard";

    /// <summary>Gets every setting name above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Password, MaxImagePixels, Languages, Tessdata, BaseUrl, Model, Provider, Endpoint, Policy, Redact, Output, Input, Shard];

    /// <summary>Mentions a setting in a message: "the `password` setting".</summary>
    /// <param name="setting">One of the names above.</param>
    /// <returns>The mention.</returns>
    public static string Mention(string setting) => $"the `{setting}` setting";

    /// <summary>Mentions a setting with a value to give it: "`languages: fra`".</summary>
    /// <param name="setting">One of the names above.</param>
    /// <param name="value">The value, or a placeholder such as <c>URL</c>; it must not contain a backtick.</param>
    /// <returns>The mention.</returns>
    public static string Mention(string setting, string value) => $"`{setting}: {value}`";
}
