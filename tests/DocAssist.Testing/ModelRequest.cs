namespace DocAssist.Testing;

/// <summary>A chat request as the loopback server understood it.</summary>
/// <param name="Protocol"><c>ollama</c> or <c>openai</c>.</param>
/// <param name="Model">The model named in the request.</param>
/// <param name="Messages">The messages: role and content.</param>
/// <param name="Options">Ollama's <c>options</c> object as raw JSON, or <see langword="null"/>.</param>
public sealed record ModelRequest(string Protocol, string Model, IReadOnlyList<(string Role, string Content)> Messages, string? Options)
{
    /// <summary>Gets the last user message.</summary>
    public string LastUser => Messages.LastOrDefault(m => m.Role == "user").Content ?? string.Empty;

    /// <summary>Gets every message's content, joined.</summary>
    public string AllText => string.Join("\n", Messages.Select(m => m.Content));
}
