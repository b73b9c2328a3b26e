using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>What OCR made of one page image.</summary>
/// <param name="Text">The recognised text in reading order.</param>
/// <param name="Confidence">Mean word confidence 0–100.</param>
/// <param name="Words">Words with boxes and confidences (empty unless requested).</param>
/// <param name="Rotation">Clockwise rotation in degrees applied to make the page upright.</param>
/// <param name="Warnings">Problems met that did not stop recognition.</param>
public sealed record OcrPageResult(string Text, float Confidence, IReadOnlyList<Word> Words, int Rotation, IReadOnlyList<string> Warnings);
