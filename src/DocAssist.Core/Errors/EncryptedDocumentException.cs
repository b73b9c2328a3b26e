namespace DocAssist.Core.Errors;

/// <summary>The input is encrypted and no password, or a wrong one, was given.</summary>
public sealed class EncryptedDocumentException : DocAssistException
{
    /// <summary>Initializes a new instance of the <see cref="EncryptedDocumentException"/> class.</summary>
    public EncryptedDocumentException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EncryptedDocumentException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    public EncryptedDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EncryptedDocumentException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    /// <param name="innerException">The original error.</param>
    public EncryptedDocumentException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
