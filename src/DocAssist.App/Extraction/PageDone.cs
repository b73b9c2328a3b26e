using DocAssist.Core.Model;

namespace DocAssist.App.Extraction;

/// <summary>News that one more page of a document is finished: how many are done so far, which page it was, where its text came from and how sure
/// the OCR was.</summary>
/// <param name="PagesDone">Pages finished so far in this attempt, this one included (a retry after a worker crash counts again from 1 and reports
/// its pages again).</param>
/// <param name="Number">The page's 1-based number; pages are read in parallel and finish in any order.</param>
/// <param name="Source">Where its text came from (<see cref="PageSource.None"/>: it has none, its image could not be read for example).</param>
/// <param name="Confidence">The OCR's mean word confidence (0–100) for OCR and mixed pages; <see langword="null"/> for text-layer and empty pages.</param>
/// <param name="IsUnreliable">Whether its OCR is doubtful (a script no installed model reads); default: <see langword="false"/>.</param>
public sealed record PageDone(int PagesDone, int Number, PageSource Source, float? Confidence, bool IsUnreliable = false)
{
    /// <summary>Turns finished pages into <see cref="PageDone"/> news, counting them; thread-safe.</summary>
    internal static Action<Page> Counting(Action<PageDone> report)
    {
        int done = 0;
        return page => report(new PageDone(Interlocked.Increment(ref done), page.Number, page.Source, page.Confidence, page.IsUnreliable));
    }
}
