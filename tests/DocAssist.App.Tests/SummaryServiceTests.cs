using DocAssist.App.Models;
using DocAssist.App.Notices;
using DocAssist.App.Summaries;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Llm.Models;
using DocAssist.Llm.Summaries;
using DocAssist.Testing;

namespace DocAssist.App.Tests;

/// <summary>The one fallback rule of summaries, against a loopback server speaking Ollama's protocol.</summary>
public sealed class SummaryServiceTests
{
    private static readonly Document Letter = new()
    {
        File = "letter.txt",
        Kind = DocumentKind.Text,
        Pages =
        [
            new Page { Number = 1, Text = "The harbour office keeps the boat registry. The registry lists every boat moored in the town.", Source = PageSource.TextLayer },
            new Page { Number = 2, Text = "Boats must be registered before the first of May. Late registration costs twenty euros.", Source = PageSource.TextLayer },
        ],
    };

    [Fact]
    public async Task Summarize_ModelAnswers_StreamsTheModelsSummary()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = _ => "Register boats at the harbour office before May.";
        ModelChoice choice = await ModelConnector.ConnectAsync(Factory(server), extractive: false, CancellationToken.None);
        using ModelConnection connection = choice.Connection!;
        using var service = new SummaryService(connection, new SummaryOptions());
        var streamed = new List<string>();

        SummaryResult summary = await service.SummarizeAsync(Letter, streamed.Add);

        Assert.False(summary.Extractive);
        Assert.Equal("Register boats at the harbour office before May.\n", summary.Text);
        Assert.Equal(summary.Text.Trim(), string.Concat(streamed).Trim());
        Assert.Contains(choice.Notices, n => n.Code == NoticeCodes.ModelInUse);
    }

    [Fact]
    public async Task Summarize_ModelGoneBeforeTheFirstWord_ExtractiveWithModelLostNotice()
    {
        LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        ModelChoice choice = await ModelConnector.ConnectAsync(Factory(server), extractive: false, CancellationToken.None);
        await server.DisposeAsync();
        using ModelConnection connection = choice.Connection!;
        using var service = new SummaryService(connection, new SummaryOptions());

        SummaryResult summary = await service.SummarizeAsync(Letter);

        Assert.True(summary.Extractive);
        Assert.Contains("registry", summary.Text, StringComparison.Ordinal);
        Assert.Equal(NoticeCodes.ModelLost, Assert.Single(summary.Notices).Code);
    }

    [Fact]
    public async Task Summarize_ModelAnswersWithErrors_IsAnErrorNotAnExtractiveSummary()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        ModelChoice choice = await ModelConnector.ConnectAsync(Factory(server), extractive: false, CancellationToken.None);
        for (int i = 0; i < 20; i++)
        {
            server.EnqueueFault(ModelFault.HttpStatus(500));
        }

        using ModelConnection connection = choice.Connection!;
        using var service = new SummaryService(connection, new SummaryOptions());

        await Assert.ThrowsAsync<LlmException>(() => service.SummarizeAsync(Letter));
    }

    [Fact]
    public async Task Summarize_NoModel_ExtractiveWithoutNotices()
    {
        using var service = new SummaryService(null, new SummaryOptions());

        SummaryResult summary = await service.SummarizeAsync(Letter);

        Assert.True(summary.Extractive);
        Assert.Empty(summary.Notices);
        Assert.Contains("p. 1", summary.Text.Replace("p.1", "p. 1", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static ModelClientFactory Factory(LoopbackModelServer server) => new(
        new ModelOptions
        {
            BaseUrl = server.BaseUrl.ToString(),
            RetryDelay = TimeSpan.FromMilliseconds(20),
            StallTimeout = TimeSpan.FromSeconds(1),
            AttemptTimeout = TimeSpan.FromSeconds(10),
            ProbeTimeout = TimeSpan.FromSeconds(2),
        },
        getEnvironment: _ => null);
}
