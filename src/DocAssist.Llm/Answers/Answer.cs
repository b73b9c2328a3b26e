using DocAssist.Llm.Retrieval;

namespace DocAssist.Llm.Answers;

/// <summary>An answer to a question with the passages it cites.</summary>
/// <param name="Text">The answer text (model-written with <c>[n]</c> markers naming passages by their number, or the numbered extractive passages).</param>
/// <param name="Extractive">Whether no model wrote it: the text is the best passages themselves.</param>
/// <param name="Citations">The cited passages, each with its number (for an extractive answer, every passage shown).</param>
/// <param name="Passages">Every passage retrieved for the question, best first.</param>
/// <param name="Warnings">Things the user should know (e.g. the model cited nothing).</param>
public sealed record Answer(string Text, bool Extractive, IReadOnlyList<Citation> Citations, IReadOnlyList<SearchHit> Passages, IReadOnlyList<string> Warnings);
