namespace DocAssist.Core.Errors;

/// <summary>Stable codes for errors that hosts act on (see <see cref="DocAssistException.Code"/> and <see cref="Model.Page.ErrorCode"/>); never match message text.</summary>
public static class ErrorCodes
{
    /// <summary>OCR of a page ran over the page time limit and was stopped.</summary>
    public const string PageTimeout = "page.timeout";

    /// <summary>A page's image could not be decoded or recognised.</summary>
    public const string PageUnreadable = "page.unreadable";

    /// <summary>The egress policy refused to send to a destination (the error names the <see cref="Settings.Policy"/> setting).</summary>
    public const string EgressRefused = "egress.refused";
}
