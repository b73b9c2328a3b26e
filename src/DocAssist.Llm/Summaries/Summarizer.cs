using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using DocAssist.Core.Model;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Text;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Summaries;

/// <summary>Summarizes a whole document with a chat model: in one call when it fits the context, else map-reduce over page-spanning parts.</summary>
/// <remarks>Nothing is truncated: every page goes into some part, and combining repeats until the partial summaries fit. Thread-safe.</remarks>
public sealed class Summarizer
{
    /// <summary>Tokens kept for the instructions around the text.</summary>
    public const int PromptOverheadTokens = 350;

    /// <summary>The most tokens a partial (map) summary may take.</summary>
    public const int MapOutputTokens = 400;

    private readonly IChatClient _chat;
    private readonly int _contextTokens;

    /// <summary>Initializes a new instance of the <see cref="Summarizer"/> class.</summary>
    /// <param name="chat">The model.</param>
    /// <param name="contextTokens">The model's context size in tokens.</param>
    public Summarizer(IChatClient chat, int contextTokens)
    {
        _chat = chat ?? throw new ArgumentNullException(nameof(chat));
        ArgumentOutOfRangeException.ThrowIfLessThan(contextTokens, 512);
        _contextTokens = contextTokens;
    }

    /// <summary>Gets the parts a document would be cut into (one part: no map-reduce).</summary>
    /// <param name="document">The document.</param>
    /// <param name="options">The summary options.</param>
    /// <returns>The parts with their page spans.</returns>
    public IReadOnlyList<Chunk> Plan(Document document, SummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Chunker.ForSummary(document, InputBudget(options ?? new SummaryOptions()));
    }

    /// <summary>Streams a summary of the whole document.</summary>
    /// <param name="document">The document (already extracted).</param>
    /// <param name="options">Length and language.</param>
    /// <param name="progress">Receives a note before each model call of a map-reduce.</param>
    /// <param name="cancellationToken">Cancels the model calls.</param>
    /// <returns>The summary text, piece by piece.</returns>
    /// <exception cref="Core.Errors.LlmException">The model failed after bounded retries.</exception>
    public async IAsyncEnumerable<string> SummarizeAsync(
        Document document, SummaryOptions? options = null, IProgress<SummaryProgress>? progress = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new SummaryOptions();
        string language = options.Language ?? LanguageGuess.Guess(ContentText.Of(document)) ?? "the language of the document";
        string name = Path.GetFileName(document.File);
        IReadOnlyList<Chunk> parts = Plan(document, options);
        if (parts.Count == 0)
        {
            yield return $"{name} contains no text to summarize.";
            yield break;
        }

        var summaryOptions = new ChatOptions { Temperature = 0.2f, MaxOutputTokens = OutputTokens(options.Length) };
        if (parts.Count == 1)
        {
            using (EgressPurpose.Begin("summarize"))
            {
                List<ChatMessage> prompt = Prompts.Summary(name, parts[0].Text, options.Length, language, fromParts: false);
                await foreach (ChatResponseUpdate update in _chat.GetStreamingResponseAsync(prompt, summaryOptions, cancellationToken).ConfigureAwait(false))
                {
                    yield return update.Text;
                }
            }

            yield break;
        }

        // Map: one partial summary per part, each naming its pages so the reduce step can keep the order.
        var partials = new List<string>();
        int total = parts.Count + 1;
        var mapOptions = new ChatOptions { Temperature = 0.2f, MaxOutputTokens = MapOutputTokens };
        using (EgressPurpose.Begin("summarize (map)"))
        {
            foreach (Chunk part in parts)
            {
                progress?.Report(new SummaryProgress(string.Create(CultureInfo.InvariantCulture, $"part {part.Index + 1}/{parts.Count} ({part.Pages})"), part.Index, total));
                ChatResponse response = await _chat.GetResponseAsync(Prompts.Part(name, part, parts.Count, language), mapOptions, cancellationToken).ConfigureAwait(false);
                partials.Add($"Part {part.Index + 1} ({part.Pages}):\n{response.Text.Trim()}");
            }
        }

        // Reduce: combine in rounds until the partial summaries fit one prompt.
        int budget = InputBudget(options);
        int done = parts.Count;
        using (EgressPurpose.Begin("summarize (reduce)"))
        {
            while (Tokens.Estimate(string.Join("\n\n", partials)) > budget && partials.Count > 1)
            {
                var next = new List<string>();
                List<List<string>> groups = Group(partials, budget);
                total += groups.Count;
                foreach (List<string> group in groups)
                {
                    progress?.Report(new SummaryProgress($"combining {group.Count} partial summaries", done, total));
                    ChatResponse response = await _chat.GetResponseAsync(
                        Prompts.Summary(name, string.Join("\n\n", group), SummaryLength.Long, language, fromParts: true), mapOptions, cancellationToken).ConfigureAwait(false);
                    next.Add(response.Text.Trim());
                    done++;
                }

                partials = next;
            }

            progress?.Report(new SummaryProgress("combining the parts", done, total));
            List<ChatMessage> final = Prompts.Summary(name, string.Join("\n\n", partials), options.Length, language, fromParts: true);
            await foreach (ChatResponseUpdate update in _chat.GetStreamingResponseAsync(final, summaryOptions, cancellationToken).ConfigureAwait(false))
            {
                yield return update.Text;
            }
        }
    }

    private int InputBudget(SummaryOptions options) =>
        Math.Max(256, _contextTokens - PromptOverheadTokens - Math.Max(OutputTokens(options.Length), MapOutputTokens));

    private static int OutputTokens(SummaryLength length) => length switch
    {
        SummaryLength.Short => 250,
        SummaryLength.Long => 1200,
        _ => 600,
    };

    private static List<List<string>> Group(List<string> partials, int budget)
    {
        var groups = new List<List<string>>();
        var current = new List<string>();
        int size = 0;
        foreach (string p in partials)
        {
            int t = Tokens.Estimate(p) + 2;
            if (current.Count > 0 && size + t > budget)
            {
                groups.Add(current);
                current = [];
                size = 0;
            }

            current.Add(p);
            size += t;
        }

        groups.Add(current);

        // Two partials per group at least, so every round shrinks the list.
        if (groups.Count == partials.Count && partials.Count > 1)
        {
            return [.. partials.Chunk(2).Select(c => c.ToList())];
        }

        return groups;
    }

    private static class Prompts
    {
        private const string System =
            "You summarize documents faithfully. Use only the text you are given; do not add facts. Keep names, numbers, dates and amounts exact.";

        public static List<ChatMessage> Summary(string name, string text, SummaryLength length, string language, bool fromParts)
        {
            string shape = length switch
            {
                SummaryLength.Short => "in 2 to 4 sentences",
                SummaryLength.Long => "in detail, with a short heading per main topic and bullet points",
                _ => "in one paragraph followed by up to 6 bullet points of key facts",
            };
            string what = fromParts
                ? $"Below are summaries of consecutive parts of the document \"{name}\", in order. Combine them into one summary of the whole document {shape}. Cover every part."
                : $"Summarize the document \"{name}\" below {shape}.";
            var sb = new StringBuilder();
            sb.Append(what).Append(" Write in ").Append(language).Append(".\n\n").Append(text);
            return [new ChatMessage(ChatRole.System, System), new ChatMessage(ChatRole.User, sb.ToString())];
        }

        public static List<ChatMessage> Part(string name, Chunk part, int count, string language) =>
        [
            new ChatMessage(ChatRole.System, System),
            new ChatMessage(ChatRole.User, string.Create(CultureInfo.InvariantCulture,
                $"This is part {part.Index + 1} of {count} ({part.Pages}) of the document \"{name}\". Summarize this part in at most 8 bullet points of key facts. Write in {language}.\n\n{part.Text}")),
        ];
    }
}
