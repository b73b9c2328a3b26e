using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>What OCR made of one page image.</summary>
/// <param name="Text">The recognised text in reading order.</param>
/// <param name="Confidence">Mean word confidence 0–100 over real words; 0 when no word was recognised.</param>
/// <param name="Words">Words with boxes and confidences (empty unless requested), in pixels of the upright image at its decoded scale.</param>
/// <param name="Rotation">Clockwise rotation in degrees applied to make the page upright.</param>
/// <param name="Warnings">Problems met that did not stop recognition.</param>
public sealed record OcrPageResult(string Text, float Confidence, IReadOnlyList<Word> Words, int Rotation, IReadOnlyList<string> Warnings)
{
    /// <summary>Gets the width in pixels of the upright image the word boxes refer to (0 when unknown).</summary>
    public int ImageWidth { get; init; }

    /// <summary>Gets the height in pixels of the upright image the word boxes refer to (0 when unknown).</summary>
    public int ImageHeight { get; init; }

    /// <summary>Gets the script the orientation and script detector saw, or <see langword="null"/> when it was not asked or could not tell.</summary>
    public string? Script { get; init; }

    /// <summary>Gets a value indicating whether the text is known to be unreliable (its warnings say why).</summary>
    public bool IsUnreliable { get; init; }
}
