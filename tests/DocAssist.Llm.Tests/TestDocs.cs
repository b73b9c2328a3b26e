using DocAssist.Core.Model;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;
using DocAssist.Llm.Models;
using DocAssist.Testing;

namespace DocAssist.Llm.Tests;

internal static class TestDocs
{
    public static Document Make(string file, params string[] pages) => new()
    {
        File = file,
        Kind = DocumentKind.Text,
        Pages = [.. pages.Select((text, i) => new Page { Number = i + 1, Text = text, Source = PageSource.TextLayer })],
    };

    /// <summary>The document with each page's words laid out in lines of at most <paramref name="perLine"/> words, each with its box (points on an A4 page).</summary>
    public static Document WithWords(Document document, int perLine = 8) => document with
    {
        Pages = [.. document.Pages.Select(p => p with { Words = LayOut(p.Text, perLine), Width = 595, Height = 842, Unit = PageUnit.Point })],
    };

    public static IReadOnlyList<Word> LayOut(string text, int perLine = 8, int top = 72)
    {
        var words = new List<Word>();
        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0, x = 0; i < tokens.Length; i++)
        {
            int line = i / perLine;
            x = i % perLine == 0 ? 50 : x;
            int width = 5 * tokens[i].Length;
            words.Add(new Word(tokens[i], null, new BoundingBox(x, top + (12 * line), x + width, top + (12 * line) + 10)));
            x += width + 3;
        }

        return words;
    }

    /// <summary>A page of filler prose that names its marker several times.</summary>
    public static string FillerPage(int page, int sentences = 40)
    {
        var lines = new List<string>();
        for (int s = 0; s < sentences; s++)
        {
            lines.Add($"On this page the committee reviewed item {s} of the agenda and recorded MARKER-{page:D3} in the minutes.");
        }

        return string.Join(" ", lines);
    }

    public static ModelOptions FastOptions(LoopbackModelServer server, string provider = "ollama") => new()
    {
        Provider = provider,
        BaseUrl = provider == "ollama" ? server.BaseUrl.ToString() : server.OpenAiBaseUrl.ToString(),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        StallTimeout = TimeSpan.FromSeconds(1),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        ProbeTimeout = TimeSpan.FromSeconds(2),
    };

    public static ModelClientFactory Factory(ModelOptions options, DocAssistConfig? config = null, EgressLedger? ledger = null) =>
        new(options, config, ledger, NoEnvironment);

    public static string? NoEnvironment(string name) => null;

    public static async Task<ModelConnection> ConnectAsync(ModelClientFactory factory)
    {
        ModelAvailability availability = await factory.ConnectAsync();
        Assert.True(availability.Connection is not null, availability.Problem);
        return availability.Connection!;
    }

    public static DocAssistConfig EuConfig(string host, string country = "FR", IReadOnlyList<string>? models = null) => new()
    {
        Path = "test-config.json",
        Endpoints =
        [
            new EndpointEntry
            {
                Name = "test-eu",
                BaseUrl = new Uri($"http://{host}/v1"),
                Operator = "Test SAS",
                OperatorCountry = country,
                HostingCountry = country,
                Models = models ?? [],
            },
        ],
    };
}
