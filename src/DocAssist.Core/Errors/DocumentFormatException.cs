namespace DocAssist.Core.Errors;

/// <summary>The input is damaged or not what its content claims (a truncated PDF, a corrupt image).</summary>
public sealed class DocumentFormatException : DocAssistException
{
    /// <summary>Initializes a new instance of the <see cref="DocumentFormatException"/> class.</summary>
    public DocumentFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocumentFormatException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    public DocumentFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocumentFormatException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    /// <param name="innerException">The original error.</param>
    public DocumentFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
