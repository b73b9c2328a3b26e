namespace DocAssist.Llm.Answers;

/// <summary>A passage an answer rests on.</summary>
/// <param name="File">The document's path as the user gave it.</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="Text">The passage text.</param>
public sealed record Citation(string File, int Page, string Text);
