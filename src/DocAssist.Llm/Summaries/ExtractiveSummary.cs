namespace DocAssist.Llm.Summaries;

/// <summary>A summary made of the document's own sentences, each with its page.</summary>
/// <param name="File">The document.</param>
/// <param name="Sentences">The chosen sentences in document order, with their pages.</param>
/// <param name="SentenceCount">How many sentences the document has in all.</param>
public sealed record ExtractiveSummary(string File, IReadOnlyList<(string Text, int Page)> Sentences, int SentenceCount)
{
    /// <summary>Renders the summary with its label: one bullet per sentence, each citing its page.</summary>
    /// <returns>The text, newline-terminated.</returns>
    public string Render()
    {
        string name = Path.GetFileName(File);
        if (Sentences.Count == 0)
        {
            return $"Extractive summary of {name}: the document has no sentences to pick.\n";
        }

        var lines = new List<string>
        {
            $"Extractive summary of {name} (no model was used): the {Sentences.Count} most central of its {SentenceCount} sentences, in document order.",
            string.Empty,
        };
        lines.AddRange(Sentences.Select(s => $"- {s.Text} [{name} p.{s.Page}]"));
        return string.Join('\n', lines) + "\n";
    }
}
