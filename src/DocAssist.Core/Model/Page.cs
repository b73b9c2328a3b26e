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

    /// <summary>Gets the clockwise rotation in degrees applied before OCR (0, 90, 180 or 270).</summary>
    public int Rotation { get; init; }
}
