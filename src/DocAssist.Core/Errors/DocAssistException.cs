namespace DocAssist.Core.Errors;

/// <summary>The base of every error DocAssist reports to the user; its message is a sentence naming the file, page or setting.</summary>
public class DocAssistException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DocAssistException"/> class.</summary>
    public DocAssistException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocAssistException"/> class.</summary>
    /// <param name="message">A sentence naming the file, page or setting.</param>
    public DocAssistException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocAssistException"/> class.</summary>
    /// <param name="message">A sentence naming the file, page or setting.</param>
    /// <param name="innerException">The original error.</param>
    public DocAssistException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a value indicating whether retrying the same work may succeed. Default: <see langword="false"/>.</summary>
    public bool IsTransient { get; init; }

    /// <summary>Gets the input file the error is about, when known.</summary>
    public string? FilePath { get; init; }

    /// <summary>Gets a stable code from <see cref="ErrorCodes"/> for errors a host acts on, or <see langword="null"/>.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the 1-based page the error is about, when known.</summary>
    public int? PageNumber { get; init; }
}
