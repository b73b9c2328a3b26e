namespace DocAssist.Core.Errors;

/// <summary>A setting is missing or wrong (a language file, a flag, a config entry).</summary>
public sealed class ConfigException : DocAssistException
{
    /// <summary>Initializes a new instance of the <see cref="ConfigException"/> class.</summary>
    public ConfigException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigException"/> class.</summary>
    /// <param name="message">A sentence naming the setting and how to fix it.</param>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConfigException"/> class.</summary>
    /// <param name="message">A sentence naming the setting and how to fix it.</param>
    /// <param name="innerException">The original error.</param>
    public ConfigException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the path of the offending setting, when known: a name from <see cref="Settings"/> (e.g. <see cref="Settings.Tessdata"/>) or a
    /// config path such as <c>endpoints[0].host</c>; never a host's spelling of it (a command-line flag).</summary>
    public string? KeyPath { get; init; }
}
