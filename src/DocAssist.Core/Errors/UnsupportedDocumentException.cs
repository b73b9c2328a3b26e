namespace DocAssist.Core.Errors;

/// <summary>The input's type is not one DocAssist reads.</summary>
public sealed class UnsupportedDocumentException : DocAssistException
{
    /// <summary>Initializes a new instance of the <see cref="UnsupportedDocumentException"/> class.</summary>
    public UnsupportedDocumentException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsupportedDocumentException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    public UnsupportedDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsupportedDocumentException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    /// <param name="innerException">The original error.</param>
    public UnsupportedDocumentException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
