using System.Text.Json;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary><c>docassist ask</c>: answers from the folder asked about only, documents named by their path in it, k distinct passages, and a clear
/// contract for empty questions and unreadable files. In process, against loopback model servers or none (<c>--extractive</c>).</summary>
public sealed class AskCommandTests : CliScratch
{
    [Fact]
    public async Task Ask_SharedIndex_AnswersOnlyFromTheFolderAskedAbout()
    {
        Write("a/boats.txt", "The boat registry is kept in the harbour office.");
        Write("b/boats.txt", "The boat registry was moved to the town hall archive.");
        string index = Path.Combine(Dir, "index");

        CliResult fromB = await AskJsonAsync(Path.Combine(Dir, "b"), "Where is the boat registry?", "--index", index);
        CliResult fromA = await AskJsonAsync(Path.Combine(Dir, "a"), "Where is the boat registry?", "--index", index);

        Assert.True(fromA.ExitCode == 0, fromA.ToString());
        string[] texts = [.. Citations(fromA).Select(c => c.GetProperty("text").GetString()!)];
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.Contains("harbour office", t, StringComparison.Ordinal));
        Assert.All(Citations(fromA), c => Assert.Equal("boats.txt", c.GetProperty("file").GetString()));
        Assert.Contains("town hall", Citations(fromB).First().GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_SameFileNameInTwoSubfolders_CitationsNameTheRelativePath()
    {
        Write("docs/north/invoice.txt", "Invoice 17 for the north depot is overdue by thirty days.");
        Write("docs/south/invoice.txt", "Invoice 17 for the south depot was paid in March.");
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();

        // The model cites by number only; the second passage in the prompt is whichever ranked second.
        server.Responder = _ => "Both depots have an invoice 17 [1][2].";
        CliResult result = await CliRunner.RunAsync(
            ["ask", Path.Combine(Dir, "docs"), "What about invoice 17?", "--json", "--base-url", server.BaseUrl.ToString()], Isolated(), CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement[] citations = Citations(result);
        Assert.Equal(["north/invoice.txt", "south/invoice.txt"], citations.Select(c => c.GetProperty("file").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2], citations.Select(c => c.GetProperty("number").GetInt32()));
        foreach (JsonElement c in citations)
        {
            string file = c.GetProperty("file").GetString()!;
            Assert.Contains(file.StartsWith("north", StringComparison.Ordinal) ? "north depot" : "south depot", c.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal(64, c.GetProperty("contentHash").GetString()!.Length);
        }

        string prompt = server.ChatRequests.Single().LastUser;
        Assert.Contains("[1]", prompt, StringComparison.Ordinal);
        Assert.Contains("[2]", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_TopTen_ReturnsTenDistinctPassages()
    {
        string[] topics = ["harbour", "railway", "library", "bakery", "theatre", "museum", "bridge", "market", "school", "garden", "tower", "mill"];
        Write("town.txt", string.Join("\f", topics.Select(t => $"The {t} of the town opened in spring. Visitors to the {t} praised the town's care for it.")));

        CliResult result = await AskJsonAsync(Path.Combine(Dir, "town.txt"), "What did visitors of the town praise?", "-k", "10");

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement[] citations = Citations(result);
        Assert.Equal(10, citations.Length);
        Assert.Equal(10, citations.Select(c => c.GetProperty("page").GetInt32()).Distinct().Count());
        Assert.Equal(10, citations.Select(c => c.GetProperty("text").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Ask_Pdf_CitationCarriesTheBoxesOfItsWordsOnThePage()
    {
        string pdf = Path.Combine(Dir, "report.pdf");
        File.Copy(TestData.Path("pdfs/gen_born_digital.pdf"), pdf);

        CliResult result = await AskJsonAsync(pdf, "How many books did visitors borrow?", "-k", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement citation = Citations(result).Single();
        Assert.Contains("1,284 books", citation.GetProperty("text").GetString(), StringComparison.Ordinal);
        JsonElement size = citation.GetProperty("pageSize");
        Assert.Equal("pt", size.GetProperty("unit").GetString());
        double width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble();
        int[][] boxes = [.. citation.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(n => n.GetInt32()).ToArray())];
        Assert.NotEmpty(boxes);
        Assert.All(boxes, b => Assert.True(b[0] >= 0 && b[1] >= 0 && b[0] < b[2] && b[1] < b[3] && b[2] <= width + 1 && b[3] <= height + 1, string.Join(",", b)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Ask_EmptyQuestion_IsAUsageError(string question)
    {
        string file = Write("memo.txt", "The memo is short.");

        CliResult result = await CliRunner.RunAsync("ask", file, question, "--extractive");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("QUESTION is empty", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Ask_FolderWithAnUnreadableFile_ListsItInWarningsAndExitsOne()
    {
        Write("folder/good.txt", "The lease ends in March; notice is three months.");
        string broken = Path.Combine(Dir, "folder", "broken.pdf");
        File.WriteAllBytes(broken, [.. "%PDF-1.7\n"u8, .. new byte[64]]);

        CliResult result = await AskJsonAsync(Path.Combine(Dir, "folder"), "When does the lease end?");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement failed = json.RootElement.GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("code").GetString() == "file.failed");
        Assert.Equal("broken.pdf", failed.GetProperty("file").GetString());
        Assert.Contains("broken.pdf", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("March", Citations(result)[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement[] Citations(CliResult result)
    {
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.GetProperty("citations").EnumerateArray().Select(c => c.Clone())];
    }

    private Task<CliResult> AskJsonAsync(string target, string question, params string[] more) =>
        CliRunner.RunAsync(["ask", target, question, "--json", "--extractive", .. more], Isolated(), CliRunner.DefaultTimeout);
}
