using System.Text.RegularExpressions;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;
using DocAssist.Testing;

namespace DocAssist.Llm.Tests;

public sealed partial class SummarizerTests
{
    [Fact]
    public async Task Summarize_LongDocument_MapReduceCoversEveryPage()
    {
        // Arrange: 30 pages, each naming its own marker; a context far too small for the whole text.
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => "Markers seen: " + string.Join(" ", Marker().Matches(r.LastUser).Select(m => m.Value).Distinct()) + ".";
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server) with { ContextTokens = 2048 }));
        Document document = TestDocs.Make("long.txt", [.. Enumerable.Range(1, 30).Select(p => TestDocs.FillerPage(p))]);
        var summarizer = new Summarizer(connection.Chat, connection.ContextTokens);
        var progress = new List<SummaryProgress>();

        // Act
        string summary = string.Concat(await summarizer.SummarizeAsync(document, new SummaryOptions(), new SyncProgress(progress.Add)).ToListAsync());

        // Assert: several map calls, every page's text went to some map call, and the final answer names every page.
        List<ModelRequest> requests = [.. server.ChatRequests];
        Assert.True(requests.Count > 3, $"expected map-reduce, got {requests.Count} call(s)");
        Assert.All(requests, r => Assert.True(r.AllText.Length / Tokens() < 2048, "each prompt fits the context"));
        for (int page = 1; page <= 30; page++)
        {
            string marker = $"MARKER-{page:D3}";
            Assert.Contains(requests.SkipLast(1), r => r.LastUser.Contains(marker, StringComparison.Ordinal) && r.LastUser.Contains($"--- page {page} ---", StringComparison.Ordinal));
            Assert.Contains(marker, summary);
        }

        Assert.Contains(progress, p => p.Stage.StartsWith("part 1/", StringComparison.Ordinal));
        Assert.Contains("Combine them into one summary", requests[^1].LastUser);
    }

    [Fact]
    public void Plan_ShortDocument_OnePart()
    {
        var summarizer = new Summarizer(new Microsoft.Extensions.AI.ChatClientBuilder(new NullChat()).Build(), 8192);

        Assert.Single(summarizer.Plan(TestDocs.Make("a.txt", "One page.", "Two pages.")));
    }

    [Fact]
    public async Task Summarize_LanguageDefaultsToTheDocuments()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        var summarizer = new Summarizer(connection.Chat, connection.ContextTokens);

        await summarizer.SummarizeAsync(TestDocs.Make("fr.txt", "Le conseil a approuvé la fusion et les actionnaires sont satisfaits de la décision prise par la direction pour le groupe.")).ToListAsync();
        await summarizer.SummarizeAsync(TestDocs.Make("fr.txt", "Le conseil a approuvé la fusion."), new SummaryOptions { Language = "German" }).ToListAsync();

        ModelRequest[] requests = [.. server.ChatRequests];
        Assert.Contains("Write in French", requests[0].LastUser);
        Assert.Contains("Write in German", requests[1].LastUser);
    }

    [Fact]
    public void Extractive_LongDocument_CoversEverySectionAndCitesPages()
    {
        Document document = TestDocs.Make("long.txt", [.. Enumerable.Range(1, 40).Select(p => TestDocs.FillerPage(p, 20))]);

        ExtractiveSummary summary = ExtractiveSummarizer.Summarize(document, SummaryLength.Short);
        string text = summary.Render();

        Assert.True(summary.Sentences.Count >= 3);
        Assert.True(summary.Sentences.Max(s => s.Page) > 30, "later sections are represented");
        Assert.True(summary.Sentences.Min(s => s.Page) < 10, "early sections are represented");
        Assert.Contains("Extractive summary", text);
        Assert.Contains("no model was used", text);
        Assert.Matches(@"\[long\.txt p\.\d+\]", text);
    }

    [Fact]
    public void Extractive_PicksCentralSentencesNotOutliers()
    {
        Document document = TestDocs.Make(
            "a.txt",
            "The river flooded the valley town in spring. The valley town rebuilt its bridge over the river after the flood. "
            + "Bananas are yellow and sweet tropical fruit. The flood damaged the bridge and houses in the valley town near the river. "
            + "Engineers inspected the river bridge of the valley town after the spring flood. Chess openings reward careful preparation always. "
            + "The town council of the valley paid for the river bridge repairs after the flood. Volunteers cleaned houses in the valley town after the river flood.");

        ExtractiveSummary summary = ExtractiveSummarizer.Summarize(document, SummaryLength.Short);

        Assert.Equal(3, summary.Sentences.Count);
        Assert.DoesNotContain(summary.Sentences, s => s.Text.StartsWith("Bananas", StringComparison.Ordinal) || s.Text.StartsWith("Chess", StringComparison.Ordinal));
    }

    private static double Tokens() => Text.Tokens.CharsPerToken;

    [GeneratedRegex(@"MARKER-\d{3}")]
    private static partial Regex Marker();

    private sealed class SyncProgress(Action<SummaryProgress> report) : IProgress<SummaryProgress>
    {
        public void Report(SummaryProgress value) => report(value);
    }

    private sealed class NullChat : Microsoft.Extensions.AI.IChatClient
    {
        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
