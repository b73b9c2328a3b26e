using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Answers;

/// <summary>The questions and answers so far, for follow-up questions (<c>--chat</c>).</summary>
/// <remarks>Keeps questions and answers only (not the passages), so a long conversation stays within the context. Not thread-safe.</remarks>
public sealed class Conversation
{
    /// <summary>How many earlier turns are sent with a follow-up question.</summary>
    public const int MaxTurns = 4;

    private readonly List<(string Question, string Answer)> _turns = [];

    /// <summary>Gets the turns so far.</summary>
    public IReadOnlyList<(string Question, string Answer)> Turns => _turns;

    /// <summary>Records a finished turn.</summary>
    /// <param name="question">The question.</param>
    /// <param name="answer">The answer text.</param>
    public void Add(string question, string answer) => _turns.Add((question, answer));

    internal IEnumerable<ChatMessage> Recent()
    {
        foreach ((string q, string a) in _turns.TakeLast(MaxTurns))
        {
            yield return new ChatMessage(ChatRole.User, q);
            yield return new ChatMessage(ChatRole.Assistant, QuestionAnswerer.WithoutCitations(a));
        }
    }

    internal string SearchText(string question) => _turns.Count == 0 ? question : _turns[^1].Question + " " + question;
}
