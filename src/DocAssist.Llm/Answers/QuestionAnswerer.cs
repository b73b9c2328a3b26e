using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Answers;

/// <summary>Answers questions from retrieved passages only, citing them as <c>[file p.N]</c>; without a model, returns the best passages, labelled extractive.</summary>
/// <remarks>Not thread-safe (the retriever shares an index connection).</remarks>
public sealed partial class QuestionAnswerer
{
    /// <summary>Tokens kept for the instructions and the question.</summary>
    public const int PromptOverheadTokens = 400;

    /// <summary>Tokens kept for the answer.</summary>
    public const int AnswerTokens = 700;

    /// <summary>How many passages an extractive answer shows.</summary>
    public const int ExtractivePassages = 3;

    private const string System =
        "You answer questions about the user's documents using ONLY the numbered passages given with the question. " +
        "Each passage starts with its label, such as [report.pdf p.3]. After each statement, cite the passage it comes from by copying its label exactly. " +
        "If the passages do not contain the answer, say that the documents do not say, and cite nothing. Answer in the language of the question.";

    private readonly Retriever _retriever;
    private readonly IChatClient? _chat;
    private readonly int _contextTokens;

    /// <summary>Initializes a new instance of the <see cref="QuestionAnswerer"/> class.</summary>
    /// <param name="retriever">Finds passages.</param>
    /// <param name="chat">The model, or <see langword="null"/> for extractive answers.</param>
    /// <param name="contextTokens">The model's context size in tokens.</param>
    public QuestionAnswerer(Retriever retriever, IChatClient? chat, int contextTokens = Models.ModelOptions.DefaultContextTokens)
    {
        _retriever = retriever ?? throw new ArgumentNullException(nameof(retriever));
        _chat = chat;
        _contextTokens = contextTokens;
    }

    /// <summary>Answers a question.</summary>
    /// <param name="question">The question.</param>
    /// <param name="conversation">Earlier turns for a follow-up question, or <see langword="null"/>.</param>
    /// <param name="onText">Receives the answer as it streams, or <see langword="null"/>.</param>
    /// <param name="topK">How many passages to retrieve.</param>
    /// <param name="cancellationToken">Cancels retrieval and the model call.</param>
    /// <returns>The answer and its citations.</returns>
    /// <exception cref="Core.Errors.LlmException">The model failed after bounded retries.</exception>
    public async Task<Answer> AskAsync(
        string question, Conversation? conversation = null, Action<string>? onText = null, int topK = Retriever.DefaultTopK, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        IReadOnlyList<SearchHit> hits;
        using (EgressPurpose.Begin("ask (retrieve)"))
        {
            hits = await _retriever.SearchAsync(conversation?.SearchText(question) ?? question, topK, cancellationToken).ConfigureAwait(false);
        }

        var warnings = new List<string>();
        if (_retriever.LastWarning is { } w)
        {
            warnings.Add(w);
        }

        if (_chat is null)
        {
            return Extractive(question, hits, warnings);
        }

        if (hits.Count == 0)
        {
            const string none = "The documents contain no passage that matches the question.";
            onText?.Invoke(none);
            return new Answer(none, false, [], hits, warnings);
        }

        // Passages go in whole, best first, as many as the context holds.
        int budget = _contextTokens - PromptOverheadTokens - AnswerTokens - Tokens.Estimate(question)
            - (conversation is null ? 0 : conversation.Recent().Sum(m => Tokens.Estimate(m.Text)));
        var used = new List<SearchHit>();
        int size = 0;
        foreach (SearchHit hit in hits)
        {
            int t = Tokens.Estimate(hit.Chunk.Text) + 12;
            if (used.Count > 0 && size + t > budget)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"only {used.Count} of {hits.Count} passages fit the model's context ({_contextTokens} tokens)."));
                break;
            }

            used.Add(hit);
            size += t;
        }

        var prompt = new StringBuilder("Passages:\n\n");
        foreach (SearchHit hit in used)
        {
            prompt.Append(hit.Chunk.Citation).Append('\n').Append(hit.Chunk.Text).Append("\n\n");
        }

        prompt.Append("Question: ").Append(question);
        List<ChatMessage> messages = [new(ChatRole.System, System), .. conversation?.Recent() ?? [], new(ChatRole.User, prompt.ToString())];

        var text = new StringBuilder();
        using (EgressPurpose.Begin("ask"))
        {
            await foreach (ChatResponseUpdate update in _chat.GetStreamingResponseAsync(messages, new ChatOptions { Temperature = 0.1f, MaxOutputTokens = AnswerTokens }, cancellationToken).ConfigureAwait(false))
            {
                text.Append(update.Text);
                onText?.Invoke(update.Text);
            }
        }

        string answer = text.ToString().Trim();
        IReadOnlyList<Citation> citations = ParseCitations(answer, used);
        if (citations.Count == 0 && !string.IsNullOrEmpty(answer))
        {
            warnings.Add("the model cited no passage; check the answer against the passages.");
        }

        conversation?.Add(question, answer);
        return new Answer(answer, false, citations, hits, warnings);
    }

    /// <summary>Builds the answer given when no model is reachable: the best passages, labelled extractive.</summary>
    /// <param name="question">The question.</param>
    /// <param name="hits">The retrieved passages.</param>
    /// <param name="warnings">Warnings so far.</param>
    /// <returns>The extractive answer.</returns>
    public static Answer Extractive(string question, IReadOnlyList<SearchHit> hits, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(hits);
        List<SearchHit> best = [.. hits.Take(ExtractivePassages)];
        var sb = new StringBuilder();
        if (best.Count == 0)
        {
            sb.Append("Extractive answer (no model was used): no passage matches the question; try words that appear in the documents.");
        }
        else
        {
            sb.Append("Extractive answer (no model was used): the passages that best match the question.\n");
            foreach (SearchHit hit in best)
            {
                sb.Append('\n').Append(hit.Chunk.Citation).Append(' ').Append(hit.Chunk.Text).Append('\n');
            }
        }

        return new Answer(sb.ToString().TrimEnd(), true, [.. best.Select(h => new Citation(h.Chunk.File, h.Chunk.FirstPage, h.Chunk.Text))], hits, warnings ?? []);
    }

    /// <summary>Finds the <c>[file p.N]</c> markers in an answer and maps them to the passages given to the model.</summary>
    /// <param name="answer">The model's answer.</param>
    /// <param name="passages">The passages in the prompt.</param>
    /// <returns>The cited passages, in order of first citation, without duplicates.</returns>
    public static IReadOnlyList<Citation> ParseCitations(string answer, IReadOnlyList<SearchHit> passages)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(passages);
        var result = new List<Citation>();
        foreach (Match m in CitationPattern().Matches(answer))
        {
            foreach (string one in m.Groups[1].Value.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                Match part = OnePattern().Match(one);
                if (!part.Success)
                {
                    continue;
                }

                string file = part.Groups[1].Value.Trim();
                int page = int.Parse(part.Groups[2].Value, CultureInfo.InvariantCulture);
                SearchHit? hit = passages.FirstOrDefault(h =>
                    Path.GetFileName(h.Chunk.File).Equals(file, StringComparison.OrdinalIgnoreCase) && page >= h.Chunk.FirstPage && page <= h.Chunk.LastPage)
                    ?? (passages.Select(h => Path.GetFileName(h.Chunk.File)).Distinct().Count() == 1
                        ? passages.FirstOrDefault(h => page >= h.Chunk.FirstPage && page <= h.Chunk.LastPage)
                        : null);
                if (hit is not null && !result.Any(c => c.File == hit.Chunk.File && c.Page == page && c.Text == hit.Chunk.Text))
                {
                    result.Add(new Citation(hit.Chunk.File, page, hit.Chunk.Text));
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"\[([^\[\]]*?p\.\s?\d+[^\[\]]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"^(.*?)\s*,?\s*pp?\.\s?(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex OnePattern();
}
