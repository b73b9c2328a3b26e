using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Answers;

/// <summary>Answers questions from retrieved passages only, citing them by number (<c>[1]</c>, <c>[2][3]</c>); without a model, returns the best passages, labelled extractive.</summary>
/// <remarks>
/// <para>The model is shown each passage's document and page but cites only numbers, which map back to the passages given to it:
/// two documents of the same name in different folders cannot be confused, and the model never has to copy a file name.</para>
/// <para>Not thread-safe (the retriever shares an index connection).</para>
/// </remarks>
public sealed partial class QuestionAnswerer
{
    /// <summary>Tokens kept for the instructions and the question.</summary>
    public const int PromptOverheadTokens = 400;

    /// <summary>Tokens kept for the answer.</summary>
    public const int AnswerTokens = 700;

    private const string System =
        "You answer questions about the user's documents using ONLY the numbered passages given with the question. " +
        "Each passage starts with its number in square brackets, such as [1], followed by its document and page for your information. " +
        "After each statement, cite the passages it comes from by their numbers only: [1], or [2][3] for several. Never write a document name or page as a citation. " +
        "If the passages do not contain the answer, say that the documents do not say, and cite nothing. Answer in the language of the question.";

    // The word a model sometimes writes before a number: [passage 2].
    private static readonly char[] PassageWord = [.. "passagePASSAGE"];

    private readonly Retriever _retriever;
    private readonly IChatClient? _chat;
    private readonly int _contextTokens;
    private readonly Func<string, string> _documentName;

    /// <summary>Initializes a new instance of the <see cref="QuestionAnswerer"/> class.</summary>
    /// <param name="retriever">Finds passages.</param>
    /// <param name="chat">The model, or <see langword="null"/> for extractive answers.</param>
    /// <param name="contextTokens">The model's context size in tokens.</param>
    /// <param name="documentName">Names a document (by its key) in the passages' labels, e.g. its path relative to the folder asked about; default: the key itself.</param>
    public QuestionAnswerer(Retriever retriever, IChatClient? chat, int contextTokens = Models.ModelOptions.DefaultContextTokens, Func<string, string>? documentName = null)
    {
        _retriever = retriever ?? throw new ArgumentNullException(nameof(retriever));
        _chat = chat;
        _contextTokens = contextTokens;
        _documentName = documentName ?? (key => key);
    }

    /// <summary>Answers a question.</summary>
    /// <param name="question">The question.</param>
    /// <param name="conversation">Earlier turns for a follow-up question, or <see langword="null"/>.</param>
    /// <param name="onText">Receives the answer as it streams, or <see langword="null"/>.</param>
    /// <param name="topK">How many distinct passages to retrieve (see <see cref="Retriever.SearchAsync"/>); an extractive answer shows them all.</param>
    /// <param name="scope">The documents asked about, or <see langword="null"/> for every document in the index.</param>
    /// <param name="cancellationToken">Cancels retrieval and the model call.</param>
    /// <returns>The answer and its citations.</returns>
    /// <exception cref="ArgumentException"><paramref name="question"/> is empty or white space.</exception>
    /// <exception cref="Core.Errors.LlmException">The model failed after bounded retries.</exception>
    public async Task<Answer> AskAsync(
        string question,
        Conversation? conversation = null,
        Action<string>? onText = null,
        int topK = Retriever.DefaultTopK,
        SearchScope? scope = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        IReadOnlyList<SearchHit> hits;
        using (EgressPurpose.Begin("ask (retrieve)"))
        {
            hits = await _retriever.SearchAsync(conversation?.SearchText(question) ?? question, topK, scope, cancellationToken).ConfigureAwait(false);
        }

        var warnings = new List<string>();
        if (_retriever.LastWarning is { } w)
        {
            warnings.Add(w);
        }

        if (_chat is null)
        {
            return Extractive(question, hits, warnings, _documentName);
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
            int t = Tokens.Estimate(hit.Chunk.Text) + Tokens.Estimate(Label(used.Count + 1, hit.Chunk, _documentName)) + 2;
            if (used.Count > 0 && size + t > budget)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"only {used.Count} of {hits.Count} passages fit the model's context ({_contextTokens} tokens)."));
                break;
            }

            used.Add(hit);
            size += t;
        }

        var prompt = new StringBuilder("Passages:\n\n");
        for (int i = 0; i < used.Count; i++)
        {
            prompt.Append(Label(i + 1, used[i].Chunk, _documentName)).Append('\n').Append(used[i].Chunk.Text).Append("\n\n");
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

    /// <summary>Builds the answer given when no model is reachable: every retrieved passage, numbered and labelled with its document and page.</summary>
    /// <param name="question">The question.</param>
    /// <param name="hits">The retrieved passages, best first.</param>
    /// <param name="warnings">Warnings so far.</param>
    /// <param name="documentName">Names a document (by its key) in the labels; default: the key itself.</param>
    /// <returns>The extractive answer, citing every passage.</returns>
    public static Answer Extractive(string question, IReadOnlyList<SearchHit> hits, IReadOnlyList<string>? warnings = null, Func<string, string>? documentName = null)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var sb = new StringBuilder();
        if (hits.Count == 0)
        {
            sb.Append("Extractive answer (no model was used): no passage matches the question; try words that appear in the documents.");
        }
        else
        {
            sb.Append("Extractive answer (no model was used): the passages that best match the question.\n");
            for (int i = 0; i < hits.Count; i++)
            {
                sb.Append('\n').Append(Label(i + 1, hits[i].Chunk, documentName ?? (key => key))).Append(' ').Append(hits[i].Chunk.Text).Append('\n');
            }
        }

        return new Answer(sb.ToString().TrimEnd(), true, [.. hits.Select((h, i) => Cite(i + 1, h))], hits, warnings ?? []);
    }

    /// <summary>Finds the numbered citations in an answer (<c>[2]</c>, <c>[2][3]</c>, <c>[1, 3]</c>, <c>[1-3]</c>) and maps them to the passages given to the model.</summary>
    /// <param name="answer">The model's answer.</param>
    /// <param name="passages">The passages in the prompt, in order: passage <c>n</c> is <c>passages[n - 1]</c>.</param>
    /// <returns>The cited passages, in order of first citation, without duplicates; numbers outside 1..<c>passages.Count</c> are ignored.</returns>
    public static IReadOnlyList<Citation> ParseCitations(string answer, IReadOnlyList<SearchHit> passages)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(passages);
        var result = new List<Citation>();
        var seen = new HashSet<int>();
        foreach (Match m in CitationPattern().Matches(answer))
        {
            foreach (string one in m.Groups[1].Value.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                string[] ends = one.Split(['-', '–'], StringSplitOptions.TrimEntries).Select(e => e.TrimStart(PassageWord).Trim()).ToArray();
                if (!int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                    || !int.TryParse(ends[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int last)
                    || first < 1 || last > passages.Count || first > last)
                {
                    continue;
                }

                for (int n = first; n <= last; n++)
                {
                    if (seen.Add(n))
                    {
                        result.Add(Cite(n, passages[n - 1]));
                    }
                }
            }
        }

        return result;
    }

    // An earlier answer's numbers named the passages of its own prompt, which a follow-up does not carry: the model sees it without them.
    internal static string WithoutCitations(string answer) => MarkerPattern().Replace(answer, string.Empty);

    // The passage's number, then its document and page for the reader (and the model) to see.
    private static string Label(int number, Chunk chunk, Func<string, string> documentName) =>
        string.Create(CultureInfo.InvariantCulture, $"[{number}] ({documentName(chunk.File)}, {chunk.Pages})");

    private static Citation Cite(int number, SearchHit hit) => new(number, hit.Chunk.File, hit.Chunk.FirstPage, hit.Chunk.Text, hit.Chunk.Boxes, hit.Chunk.Frame);

    [GeneratedRegex(@"\[\s*(?:passages?\s*)?(\d+(?:\s*[,;\-–]\s*(?:passages?\s*)?\d+)*)\s*\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"[ \t]*\[\s*(?:passages?\s*)?\d+(?:\s*[,;\-–]\s*(?:passages?\s*)?\d+)*\s*\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MarkerPattern();
}
