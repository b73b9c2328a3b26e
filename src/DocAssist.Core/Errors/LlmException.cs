namespace DocAssist.Core.Errors;

/// <summary>A model endpoint could not be reached or answered with an error.</summary>
public sealed class LlmException : DocAssistException
{
    /// <summary>Initializes a new instance of the <see cref="LlmException"/> class.</summary>
    public LlmException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LlmException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    public LlmException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LlmException"/> class.</summary>
    /// <param name="message">A sentence naming the file and page.</param>
    /// <param name="innerException">The original error.</param>
    public LlmException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
