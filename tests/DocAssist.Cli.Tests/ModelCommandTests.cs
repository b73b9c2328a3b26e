using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocAssist.Testing;

namespace DocAssist.Cli.Tests;

/// <summary>summarize, ask and doctor run as the user runs them (a child process) against loopback model servers.</summary>
public sealed partial class ModelCommandTests : CliScratch
{
    [Fact]
    public async Task Summarize_TextFile_StreamsModelSummaryAndAuditSaysNothingLeft()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = _ => "The board approved the merger and the budget.";
        string file = Write("minutes.txt", "The board met on 3 May.\fThe merger was approved.\fThe budget for 2026 was adopted.");

        CliResult result = await RunAsync(server, "summarize", file, "--audit");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("The board approved the merger and the budget.", result.Stdout.Trim());
        string sent = server.ChatRequests.Single().LastUser;
        Assert.Contains("The board met on 3 May.", sent);
        Assert.Contains("The budget for 2026 was adopted.", sent);
        Assert.Contains("using model 'llama3.2:latest'", result.Stderr);
        Assert.Contains("0 bytes left this machine", result.Stderr);
    }

    [Fact]
    public async Task Summarize_ModelKeepsFailing_BoundedRetriesThenClearErrorExitTwo()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        for (int i = 0; i < 10; i++)
        {
            server.EnqueueFault(ModelFault.HttpStatus(500));
        }

        string file = Write("minutes.txt", "The board met on 3 May. The merger was approved.");

        CliResult result = await RunAsync(server, "summarize", file);

        Assert.Equal(2, result.ExitCode);
        Assert.InRange(server.ChatRequestCount, 2, 6);
        Assert.Contains("500", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_Summarize_WritesSummariesAndLedger_NamesMissingOnesAndRetriesThem()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        string input = Directory.CreateDirectory(Path.Combine(Dir, "in")).FullName;
        string output = Path.Combine(Dir, "out");
        Write("in/a.txt", "Invoice 17 is overdue by thirty days.");
        Write("in/b.txt", "The lease ends in March; notice is three months.");
        for (int i = 0; i < 40; i++)
        {
            server.EnqueueFault(ModelFault.HttpStatus(500));
        }

        CliResult failing = await RunAsync(server, "batch", input, "--out", output, "--summarize");

        Assert.True(failing.ExitCode == 0, failing.ToString());
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))))
        {
            string[] missing = [.. report.RootElement.GetProperty("missingSummaries").EnumerateArray().Select(m => m.GetProperty("path").GetString()!)];
            Assert.Equal(["a.txt", "b.txt"], missing.Order(StringComparer.Ordinal));
        }

        Assert.Contains("Missing summaries", File.ReadAllText(Path.Combine(output, "report.md")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "a.txt.summary.md")));

        await using LoopbackModelServer healthyServer = await LoopbackModelServer.StartAsync();
        healthyServer.Responder = r => "SUMMARY OF: " + r.LastUser[^40..];
        CliResult healthy = await RunAsync(healthyServer, "batch", input, "--out", output, "--summarize", "--audit");

        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.StartsWith("SUMMARY OF:", File.ReadAllText(Path.Combine(output, "a.txt.summary.md")), StringComparison.Ordinal);
        Assert.Contains("overdue", File.ReadAllText(Path.Combine(output, "a.txt.summary.md")), StringComparison.Ordinal);
        Assert.Contains("notice", File.ReadAllText(Path.Combine(output, "b.txt.summary.md")), StringComparison.Ordinal);
        using JsonDocument final = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(0, final.RootElement.GetProperty("missingSummaries").GetArrayLength());
        JsonElement egress = final.RootElement.GetProperty("egress");
        Assert.True(egress.GetProperty("requests").GetInt32() >= healthyServer.ChatRequestCount, egress.ToString());
        Assert.Equal(healthyServer.TotalRequestBytes, egress.GetProperty("bytesSent").GetInt64());
        Assert.Contains("0 bytes left this machine", healthy.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_LongFileSmallContext_MapReduceCoversEveryPage()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => string.Join(" ", Marker().Matches(r.LastUser).Select(m => m.Value).Distinct());
        string file = Write("long.txt", string.Join("\f", Enumerable.Range(1, 12).Select(p =>
            string.Concat(Enumerable.Repeat($"Section {p} discusses topic MARK{p:D2} in some detail for the record. ", 30)))));

        CliResult result = await RunAsync(server, "summarize", file, "--context", "1024");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(server.ChatRequestCount > 2, result.ToString());
        Assert.Contains("summarizing", result.Stderr);
        for (int p = 1; p <= 12; p++)
        {
            Assert.Contains($"MARK{p:D2}", result.Stdout);
        }
    }

    [Fact]
    public async Task Summarize_NoModelServer_ExtractiveSummaryAndHowToGetAModel()
    {
        string file = Write("report.txt", "The committee reviewed the annual report in detail. The annual report shows growth in every region. "
            + "The committee thanked the staff for the annual report. Growth in the annual report came from exports.");

        CliResult result = await CliRunner.RunAsync(["summarize", file, "--base-url", $"http://127.0.0.1:{FreePort()}"], Isolated(), CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Extractive summary of report.txt (no model was used)", result.Stdout);
        Assert.Contains("[report.txt p.1]", result.Stdout);
        Assert.Contains("ollama pull", result.Stderr);
    }

    [Fact]
    public async Task Ask_Json_AnswerCitesTheRightPageWithEgress()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        // The model cites by number: the passage labelled with page 2 of contract.txt.
        server.Responder = r => Regex.Match(r.LastUser, @"\[(\d+)\] \(contract\.txt, p\. 2\)\nThe notice period") is { Success: true } m
            ? $"Ninety days [{m.Groups[1].Value}]."
            : "The documents do not say.";
        string file = Write("contract.txt", "This agreement binds Acme and Globex.\fThe notice period is ninety days.\fPayment is due in thirty days.");

        CliResult result = await RunAsync(server, "ask", file, "What is the notice period?", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        Assert.Matches(@"^Ninety days \[\d\]\.$", root.GetProperty("answer").GetString());
        Assert.False(root.GetProperty("extractive").GetBoolean());
        JsonElement citation = root.GetProperty("citations")[0];
        Assert.Equal(2, citation.GetProperty("page").GetInt32());
        Assert.Equal("contract.txt", citation.GetProperty("file").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Contains("ninety days", citation.GetProperty("text").GetString());
        long sent = root.GetProperty("egress").EnumerateArray().Sum(e => e.GetProperty("bytesSent").GetInt64());
        Assert.Equal(server.TotalRequestBytes, sent);
        Assert.Equal(0, root.GetProperty("bytesLeftMachine").GetInt64());
    }

    [Fact]
    public async Task Ask_NoModelServer_ExtractivePassagesWithCitations()
    {
        string file = Write("contract.txt", "This agreement binds Acme and Globex.\fThe notice period is ninety days.\fPayment is due in thirty days.");

        CliResult result = await CliRunner.RunAsync(["ask", file, "What is the notice period?", "--json", "--base-url", $"http://127.0.0.1:{FreePort()}"], Isolated(), CliRunner.DefaultTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("extractive").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("citations")[0].GetProperty("page").GetInt32());
        Assert.StartsWith("Extractive answer", json.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Ask_FolderWithIndex_SecondRunReadsNothingAgain()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        string docs = Path.Combine(Dir, "docs");
        Directory.CreateDirectory(docs);
        File.WriteAllText(Path.Combine(docs, "a.txt"), "Invoices are paid on Fridays.");
        File.WriteAllText(Path.Combine(docs, "b.txt"), "The warehouse is in Rotterdam.");
        string index = Path.Combine(Dir, "index");

        CliResult first = await RunAsync(server, "ask", docs, "Where is the warehouse?", "--index", index);
        File.WriteAllText(Path.Combine(docs, "b.txt"), "The warehouse moved to Antwerp.");
        CliResult second = await RunAsync(server, "ask", docs, "Where is the warehouse?", "--index", index);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("2 file(s) read, 0 unchanged", first.Stderr);
        Assert.Contains("1 file(s) read, 1 unchanged", second.Stderr);
        Assert.Contains("Antwerp", server.ChatRequests.Last().LastUser);
        Assert.DoesNotContain("Rotterdam", server.ChatRequests.Last().LastUser);
    }

    [Fact]
    public async Task Ask_RemoteEndpointUnderDefaultPolicy_RefusedWithHowToAllow()
    {
        string file = Write("memo.txt", "Confidential memo.");

        CliResult result = await CliRunner.RunAsync(
            ["ask", file, "What does the memo say?", "--provider", "openai", "--base-url", "http://api.example.com/v1", "--model", "m"],
            new Dictionary<string, string?> { ["DOCASSIST_API_KEY"] = "k", ["XDG_CONFIG_HOME"] = Dir },
            CliRunner.DefaultTimeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refused to send to api.example.com", result.Stderr);
        Assert.Contains("'local'", result.Stderr);
        Assert.Contains("--policy", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Doctor_ReportsModelsAndEndpointVerdicts()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        string configDir = Path.Combine(Dir, "docassist");
        Directory.CreateDirectory(configDir);
        File.WriteAllText(Path.Combine(configDir, "config.json"), """
            { "endpoints": [
                { "name": "scaleway", "baseUrl": "https://api.scaleway.ai/v1", "operatorCountry": "FR", "hostingCountry": "FR" },
                { "name": "azure", "baseUrl": "https://x.openai.azure.com/openai/v1", "operatorCountry": "US", "hostingCountry": "IE" } ] }
            """);

        CliResult result = await CliRunner.RunAsync(
            ["doctor", "--policy", "eu", "--base-url", server.BaseUrl.ToString()],
            new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = Dir, ["OLLAMA_HOST"] = null },
            CliRunner.DefaultTimeout);

        Assert.Contains("llama3.2:latest", result.Stdout);
        Assert.Matches(@"endpoint scaleway\s+https://api\.scaleway\.ai/v1 \[EU\] policy eu: allowed", result.Stdout);
        Assert.Matches(@"FAIL\s+endpoint azure .*refused.*US parent", result.Stdout);
        Assert.Contains("language data", result.Stdout);
    }

    private Task<CliResult> RunAsync(LoopbackModelServer server, params string[] args) =>
        CliRunner.RunAsync(
            [.. args, "--base-url", server.BaseUrl.ToString()],
            Isolated(),
            CliRunner.DefaultTimeout);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"MARK\d\d")]
    private static partial Regex Marker();
}
