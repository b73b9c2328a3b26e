namespace DocAssist.Core.Model;

/// <summary>One recognised or extracted word with its position.</summary>
/// <param name="Text">The word's text.</param>
/// <param name="Confidence">Recognition confidence 0–100, or <see langword="null"/> for text-layer words.</param>
/// <param name="Box">Where the word sits on the page.</param>
public sealed record Word(string Text, float? Confidence, BoundingBox Box);
