namespace DocAssist.Llm.Models;

/// <summary>The result of looking for a model: a connection, or why there is none and how to get one.</summary>
/// <param name="Connection">The connection, or <see langword="null"/> when no model is reachable.</param>
/// <param name="Problem">Why no model is reachable, or <see langword="null"/>.</param>
/// <param name="Hint">One line on how to get a model, or <see langword="null"/>.</param>
public sealed record ModelAvailability(ModelConnection? Connection, string? Problem, string? Hint)
{
    /// <summary>The hint shown when no local model is reachable.</summary>
    public const string OllamaHint = "For model answers, install Ollama and run `ollama pull llama3.2` (or any chat model), then run this again.";
}
