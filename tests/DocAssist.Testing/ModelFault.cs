namespace DocAssist.Testing;

/// <summary>A failure the loopback model server plays instead of answering one model request.</summary>
public sealed record ModelFault
{
    private ModelFault(string kind, int status = 200, int retryAfterSeconds = 0)
    {
        Kind = kind;
        Status = status;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public string Kind { get; }

    public int Status { get; }

    public int RetryAfterSeconds { get; }

    /// <summary>Answers with an HTTP error status and a JSON error body.</summary>
    public static ModelFault HttpStatus(int status) => new("status", status);

    /// <summary>Answers 429 with a <c>Retry-After</c> header in seconds.</summary>
    public static ModelFault TooManyRequests(int retryAfterSeconds) => new("429", 429, retryAfterSeconds);

    /// <summary>Sends the headers and a first piece of the stream, then nothing until the client gives up.</summary>
    public static ModelFault Stall() => new("stall");

    /// <summary>Answers 200 with a body that is not valid JSON.</summary>
    public static ModelFault MalformedJson() => new("malformed");

    /// <summary>Resets the connection before answering.</summary>
    public static ModelFault Reset() => new("reset");
}
