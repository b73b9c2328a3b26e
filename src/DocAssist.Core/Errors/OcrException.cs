namespace DocAssist.Core.Errors;

/// <summary>The OCR engine could not be set up or failed on a page.</summary>
public sealed class OcrException : DocAssistException
{
    /// <summary>Initializes a new instance of the <see cref="OcrException"/> class.</summary>
    public OcrException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OcrException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    public OcrException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OcrException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    /// <param name="innerException">The original error.</param>
    public OcrException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
