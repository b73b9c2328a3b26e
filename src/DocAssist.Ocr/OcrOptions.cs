using DocAssist.Ocr.Imaging;

namespace DocAssist.Ocr;

/// <summary>Settings of the OCR engine pool that have no place in the shared <see cref="Core.ExtractOptions"/>.</summary>
public sealed record OcrOptions
{
    /// <summary>Gets the preprocessing run on every page. Default: <see cref="PreprocessingPipeline.Default"/>.</summary>
    public PreprocessingPipeline Preprocessing { get; init; } = PreprocessingPipeline.Default;

    /// <summary>Gets how long recognition of one page may run before it is stopped and the page fails; <see langword="null"/> for no limit. Default: <see cref="Core.ExtractOptions.DefaultPageTimeout"/>.</summary>
    public TimeSpan? PageTimeout { get; init; } = Core.ExtractOptions.DefaultPageTimeout;

    /// <summary>
    /// Gets a value indicating whether each page with text is checked against the loaded languages: its script is detected (with <c>osd.traineddata</c>,
    /// when present), a script no loaded model reads makes the page unreliable, and a Latin page whose words look like another language gets a
    /// <see cref="Core.Settings.Languages"/> suggestion. Default: <see langword="true"/>.
    /// </summary>
    public bool CheckLanguage { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether a page read (nearly) empty is read again with a local (Sauvola) threshold instead of a global one, and the
    /// second reading kept when it finds more words with some confidence (tinted paper on a white ground, uneven lighting). Default: <see langword="true"/>.
    /// </summary>
    public bool RetryNearlyEmpty { get; init; } = true;
}
