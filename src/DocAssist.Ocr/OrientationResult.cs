namespace DocAssist.Ocr;

/// <summary>What orientation detection found.</summary>
/// <param name="Rotation">The clockwise rotation in degrees (0, 90, 180 or 270) that makes the page upright.</param>
/// <param name="Confidence">Tesseract's orientation confidence (0 when undetected; above ~2 is usually right).</param>
/// <param name="Script">The detected script, e.g. <c>Latin</c>; empty when undetected.</param>
/// <param name="ScriptConfidence">Tesseract's script confidence.</param>
public readonly record struct OrientationResult(int Rotation, float Confidence, string Script, float ScriptConfidence)
{
    /// <summary>Gets the result for a page whose orientation could not be detected.</summary>
    public static OrientationResult None => new(0, 0, string.Empty, 0);
}
