namespace DocAssist.Core;

/// <summary>The knobs of text extraction, shared by every stage.</summary>
public sealed record ExtractOptions
{
    /// <summary>The resolution OCR works at; low-resolution scans are upscaled towards it.</summary>
    public const int TargetDpi = 300;

    /// <summary>Gets the Tesseract language list, e.g. <c>eng</c>, <c>fra</c> or <c>eng+fra</c>. Default: <c>eng</c>.</summary>
    public string Languages { get; init; } = "eng";

    /// <summary>Gets the folder holding <c>*.traineddata</c>; <see langword="null"/> means the default lookup (<c>DOCASSIST_TESSDATA</c>, then the bundled <c>tessdata/</c>).</summary>
    public string? TessdataPath { get; init; }

    /// <summary>Gets how many pages are OCR'd at once. Default: the number of cores.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets a value indicating whether pages carry their words with boxes and confidences. Default: <see langword="false"/>.</summary>
    public bool IncludeWords { get; init; }

    /// <summary>Gets a value indicating whether pages carry the images embedded in them beside their text (<see cref="Model.Page.Figures"/>), as image files with their boxes; a page's own scan is not one. Default: <see langword="false"/>.</summary>
    public bool IncludeFigures { get; init; }

    /// <summary>Gets the password for encrypted PDFs. Default: none.</summary>
    public string? Password { get; init; }

    /// <summary>Gets the largest image, in pixels, that is decoded; larger ones are refused with a clear error. Default: 250 megapixels.</summary>
    public long MaxImagePixels { get; init; } = 250_000_000;

    /// <summary>Gets a value indicating whether pages are turned upright using orientation detection before OCR. Default: <see langword="true"/>.</summary>
    public bool DetectOrientation { get; init; } = true;

    /// <summary>How long OCR of one page may run by default (<see cref="PageTimeout"/>).</summary>
    public static readonly TimeSpan DefaultPageTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Gets how long OCR of one page may run before that page is stopped and reported (its document then fails in a batch). Default: 120 s.</summary>
    public TimeSpan PageTimeout { get; init; } = DefaultPageTimeout;
}
