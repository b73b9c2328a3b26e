namespace DocAssist.Core.Model;

/// <summary>One page of a document: its text and where that text came from.</summary>
/// <remarks>The page is the unit of work and of truth: chunks, citations and reports refer back to it.</remarks>
public sealed record Page
{
    /// <summary>Gets the 1-based page number within its document.</summary>
    public required int Number { get; init; }

    /// <summary>Gets the page text in reading order (lines separated by <c>\n</c>).</summary>
    public required string Text { get; init; }

    /// <summary>Gets where the text came from.</summary>
    public required PageSource Source { get; init; }

    /// <summary>Gets the mean OCR confidence 0–100, or <see langword="null"/> when the page was not OCR'd.</summary>
    public float? Confidence { get; init; }

    /// <summary>Gets the words with boxes; empty unless words were requested.</summary>
    public IReadOnlyList<Word> Words { get; init; } = [];

    /// <summary>Gets problems met on this page that did not stop it (e.g. a garbage text layer replaced by OCR).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets the code (from <see cref="Errors.ErrorCodes"/>) of the error that left this page without text, e.g. <c>page.timeout</c>; <see langword="null"/> when none did.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the clockwise rotation in degrees applied before OCR (0, 90, 180 or 270).</summary>
    public int Rotation { get; init; }

    /// <summary>Gets the page width as a viewer shows it (after <c>/Rotate</c> and any orientation correction), in <see cref="Unit"/>; 0 when unknown.</summary>
    public double Width { get; init; }

    /// <summary>Gets the page height as a viewer shows it, in <see cref="Unit"/>; 0 when unknown.</summary>
    public double Height { get; init; }

    /// <summary>Gets the unit of <see cref="Width"/>, <see cref="Height"/> and every box on the page. Default: <see cref="PageUnit.Point"/>.</summary>
    public PageUnit Unit { get; init; }

    /// <summary>Gets the page's text as blocks in reading order, each with its role and source; empty when the reader gave no layout (plain text).</summary>
    /// <remarks>Joined with blank lines, the blocks' text is <see cref="Text"/>.</remarks>
    public IReadOnlyList<TextBlock> Blocks { get; init; } = [];

    /// <summary>Gets the images embedded in the page beside its text, in the order they are drawn; empty unless <see cref="ExtractOptions.IncludeFigures"/> is set, and for image files.</summary>
    public IReadOnlyList<Figure> Figures { get; init; } = [];

    /// <summary>Gets the script Tesseract's orientation and script detection saw on an OCR'd page (e.g. <c>Latin</c>, <c>Hebrew</c>, <c>Han</c>), or <see langword="null"/> when it was not detected (a confident reading is not checked).</summary>
    public string? Script { get; init; }

    /// <summary>Gets a value indicating whether the page's text is known to be unreliable (e.g. its script has no loaded language data); its warnings say why.</summary>
    public bool IsUnreliable { get; init; }

    /// <summary>Gets a value indicating whether the page has no text at all (blank, a photo without text, or unreadable).</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);
}
