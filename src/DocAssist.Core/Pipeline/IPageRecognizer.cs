namespace DocAssist.Core.Pipeline;

/// <summary>Recognises the text of page images.</summary>
/// <remarks>Implementations are thread-safe: callers may run several pages at once, up to <see cref="Concurrency"/>.</remarks>
public interface IPageRecognizer
{
    /// <summary>Gets how many pages this recognizer works on at once.</summary>
    int Concurrency { get; }

    /// <summary>Decodes, preprocesses and recognises one page image.</summary>
    /// <param name="image">The page image.</param>
    /// <param name="cancellationToken">Abandons the page.</param>
    /// <returns>The recognised text and its confidence.</returns>
    /// <exception cref="Errors.DocumentFormatException">The image cannot be decoded.</exception>
    /// <exception cref="Errors.OcrException">The engine failed.</exception>
    Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default);
}
