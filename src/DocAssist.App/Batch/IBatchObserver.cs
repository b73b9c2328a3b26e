using DocAssist.App.Notices;

namespace DocAssist.App.Batch;

/// <summary>Receives a batch's progress as it happens; a host renders it (a live bar, plain lines, server-sent events).</summary>
/// <remarks>Called from several threads at once: implementations must be thread-safe and quick.</remarks>
public interface IBatchObserver
{
    /// <summary>More documents were found to be in scope.</summary>
    /// <param name="count">How many.</param>
    void AddToTotal(int count);

    /// <summary>A document is finished.</summary>
    /// <param name="succeeded">Whether it succeeded.</param>
    /// <param name="processed">Whether it was processed in this run (<see langword="false"/>: an earlier run did it).</param>
    void DocumentDone(bool succeeded, bool processed);

    /// <summary>More pages are done.</summary>
    /// <param name="count">How many.</param>
    void PagesDone(int count);

    /// <summary>Something the user should be told: a failed document, a missing summary, a note on the run.</summary>
    /// <param name="notice">The notice.</param>
    void Notice(Notice notice);
}
