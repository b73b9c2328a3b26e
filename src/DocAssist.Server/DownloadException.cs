namespace DocAssist.Server;

/// <summary>A document could not be downloaded: the server answered with an error, or it is too large, too slow or broken.</summary>
/// <param name="message">What went wrong, to follow the URL in a sentence.</param>
/// <param name="status">The HTTP status to answer the client with.</param>
internal sealed class DownloadException(string message, int status) : Exception(message)
{
    /// <summary>Gets the HTTP status to answer the client with.</summary>
    public int Status { get; } = status;
}
