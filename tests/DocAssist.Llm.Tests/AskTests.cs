using System.Text.RegularExpressions;
using DocAssist.Core.Model;
using DocAssist.Llm.Answers;
using DocAssist.Llm.Models;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;
using DocAssist.Testing;

namespace DocAssist.Llm.Tests;

public sealed partial class AskTests
{
    private static readonly Document Contract = TestDocs.Make(
        "contract.pdf",
        "This agreement is made between Acme Corporation and Globex Limited. It sets out the general terms of supply.",
        "Deliveries are made every month to the Globex warehouse in Rotterdam. Late deliveries incur no penalty in the first week.",
        "The termination notice period is ninety days, given in writing by either party. Termination for breach takes effect at once.",
        "Payment is due within thirty days of the invoice date. Interest accrues on late payment at two percent per month.");

    [Fact]
    public async Task Ask_Ollama_CitesTheRightPage()
    {
        // The model cites the number of the passage that holds the answer, as a real model is told to.
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => CiteWhere(r.LastUser, "ninety days", "The notice period is ninety days");
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index, connection.Embeddings, connection.EmbeddingModel), connection.Chat, connection.ContextTokens);

        var streamed = new List<string>();
        Answer answer = await answerer.AskAsync("What is the termination notice period?", onText: streamed.Add);

        Assert.False(answer.Extractive);
        Citation citation = Assert.Single(answer.Citations);
        Assert.Equal($"The notice period is ninety days [{citation.Number}].", answer.Text);
        Assert.Equal(3, citation.Page);
        Assert.Equal("contract.pdf", citation.File);
        Assert.Contains("ninety days", citation.Text);
        Assert.Equal(answer.Text, string.Concat(streamed).Trim());
        Assert.Contains($"[{citation.Number}] (contract.pdf, p. 3)\nThe termination notice period", server.ChatRequests.Single().LastUser);
    }

    [Fact]
    public async Task Ask_OpenAiWithEmbeddings_CitesTheRightPage()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => CiteWhere(r.LastUser, "thirty days", "Payment is due within thirty days");
        using ModelConnection connection = await TestDocs.ConnectAsync(
            TestDocs.Factory(TestDocs.FastOptions(server, "openai") with { Model = "m", EmbeddingModel = "e" }));
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index, connection.Embeddings, connection.EmbeddingModel), connection.Chat);

        Answer answer = await answerer.AskAsync("When is the payment due, and what is the notice period?");

        Assert.Equal(4, Assert.Single(answer.Citations).Page);
        Assert.Contains(server.Requests, r => r.Path == "/v1/embeddings");
    }

    [Fact]
    public async Task Ask_EmbeddingsFail_FallsBackToBm25WithWarning()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.EmbeddingsEnabled = false;
        server.Responder = r => CiteWhere(r.LastUser, "ninety days", "Ninety days");
        using ModelConnection connection = await TestDocs.ConnectAsync(
            TestDocs.Factory(TestDocs.FastOptions(server, "openai") with { Model = "m", EmbeddingModel = "e" }));
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index, connection.Embeddings, connection.EmbeddingModel), connection.Chat);

        Answer answer = await answerer.AskAsync("What is the termination notice period for payment?");

        Assert.Equal(3, Assert.Single(answer.Citations).Page);
        Assert.Contains(answer.Warnings, w => w.Contains("ranked by BM25 alone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_NoModel_ExtractiveBestPassagesWithCitations()
    {
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index), chat: null);

        Answer answer = await answerer.AskAsync("What is the termination notice period?");

        Assert.True(answer.Extractive);
        Assert.StartsWith("Extractive answer (no model was used)", answer.Text);
        Assert.Equal(3, answer.Citations[0].Page);
        Assert.Equal(1, answer.Citations[0].Number);
        Assert.Contains("[1] (contract.pdf, p. 3) The termination notice period", answer.Text);
    }

    [Fact]
    public async Task Ask_FollowUp_SendsEarlierTurns()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => CiteWhere(r.LastUser, "Rotterdam", "Deliveries go to Rotterdam");
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index), connection.Chat, connection.ContextTokens);
        var conversation = new Conversation();

        await answerer.AskAsync("Where are deliveries made?", conversation);
        await answerer.AskAsync("How often?", conversation);

        ModelRequest second = server.ChatRequests.Last();
        Assert.Contains(second.Messages, m => m.Role == "user" && m.Content == "Where are deliveries made?");
        Assert.Contains(second.Messages, m => m.Role == "assistant" && m.Content.Contains("Rotterdam", StringComparison.Ordinal));
        Assert.Equal(2, conversation.Turns.Count);

        // The earlier answer's numbers named the passages of the earlier prompt: the follow-up sends it without them.
        Assert.Matches(@"\[\d+\]", conversation.Turns[0].Answer);
        Assert.DoesNotContain(second.Messages, m => m.Role == "assistant" && Regex.IsMatch(m.Content, @"\[\d+\]"));
    }

    [Fact]
    public void ParseCitations_SeveralForms()
    {
        using Bm25Index index = Index(Contract);
        IReadOnlyList<SearchHit> hits = index.Search("termination payment deliveries agreement", 10);
        Assert.Equal(4, hits.Count);

        IReadOnlyList<Citation> citations = QuestionAnswerer.ParseCitations("A [3]. B [4; 2]. C [9] [0]. D [2][3] [1, 4]. E [1-2].", hits);

        Assert.Equal([3, 4, 2, 1], citations.Select(c => c.Number));
        Assert.Equal([hits[2].Chunk.FirstPage, hits[3].Chunk.FirstPage, hits[1].Chunk.FirstPage, hits[0].Chunk.FirstPage], citations.Select(c => c.Page));
        Assert.Equal(hits[2].Chunk.Text, citations[0].Text);
    }

    [Fact]
    public void ParseCitations_FileNamesAndPagesAreNotCitations()
    {
        using Bm25Index index = Index(Contract);
        IReadOnlyList<SearchHit> hits = index.Search("termination payment deliveries agreement", 10);

        Assert.Empty(QuestionAnswerer.ParseCitations("A [contract.pdf p.3]. B (contract.pdf, p. 4). C [2020-2024].", hits));
        Assert.Equal([2], QuestionAnswerer.ParseCitations("A [passage 2].", hits).Select(c => c.Number));
    }

    [Fact]
    public async Task Ask_ModelCitesSecondPassage_CitationIsThatPassageWithItsBoxes()
    {
        // Arrange: pages whose words carry boxes, so passages carry boxes too.
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = _ => "Deliveries are monthly [2].";
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        using Bm25Index index = Index(TestDocs.WithWords(Contract));
        var answerer = new QuestionAnswerer(new Retriever(index), connection.Chat, connection.ContextTokens);

        // Act
        Answer answer = await answerer.AskAsync("deliveries termination payment agreement");

        // Assert
        Assert.True(answer.Passages.Count >= 2);
        Citation citation = Assert.Single(answer.Citations);
        SearchHit second = answer.Passages[1];
        Assert.Equal(2, citation.Number);
        Assert.Equal(second.Chunk.File, citation.File);
        Assert.Equal(second.Chunk.FirstPage, citation.Page);
        Assert.Equal(second.Chunk.Text, citation.Text);
        Assert.NotEmpty(citation.Boxes);
        Assert.Equal(second.Chunk.Boxes, citation.Boxes);
        Assert.Contains($"[2] ({second.Chunk.File}, p. {second.Chunk.FirstPage})\n{second.Chunk.Text}", server.ChatRequests.Single().LastUser);
    }

    [Fact]
    public async Task Ask_NumberBeyondThePassages_Ignored()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = _ => "Ninety days [7], paid within thirty days [1].";
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        using Bm25Index index = Index(Contract, TestDocs.Make("annex.pdf", "The annex lists the termination fees and the payment schedule."));
        var answerer = new QuestionAnswerer(new Retriever(index), connection.Chat, connection.ContextTokens);

        Answer answer = await answerer.AskAsync("termination payment deliveries agreement annex", topK: 5);

        Assert.Equal(5, answer.Passages.Count);
        Assert.Equal(1, Assert.Single(answer.Citations).Number);
        Assert.DoesNotContain("[6]", server.ChatRequests.Single().LastUser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_SameFileNameInTwoFolders_CitationNamesTheRightOne()
    {
        // Arrange: two documents called invoice.pdf; the model cites the passage that holds the answer by its number.
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => CiteWhere(r.LastUser, "2,450", "The total is 2,450 euros");
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        using Bm25Index index = Index(
            TestDocs.Make("march/invoice.pdf", "Invoice for March. The invoice total is 1,200 euros, due in April."),
            TestDocs.Make("april/invoice.pdf", "Invoice for April. The invoice total is 2,450 euros, due in May."));
        var answerer = new QuestionAnswerer(new Retriever(index), connection.Chat, connection.ContextTokens);

        // Act
        Answer answer = await answerer.AskAsync("What is the invoice total?");

        // Assert
        Citation citation = Assert.Single(answer.Citations);
        Assert.Equal("april/invoice.pdf", citation.File);
        Assert.Contains("2,450", citation.Text);
        Assert.Contains("(april/invoice.pdf, p. 1)", server.ChatRequests.Single().LastUser);
        Assert.Contains("(march/invoice.pdf, p. 1)", server.ChatRequests.Single().LastUser);
    }

    [Fact]
    public async Task Ask_TopTen_ExtractiveShowsTenDistinctPassages()
    {
        // Arrange: three long pages, many passages that all match.
        using Bm25Index index = Index(TestDocs.Make("minutes.txt", TestDocs.FillerPage(1), TestDocs.FillerPage(2), TestDocs.FillerPage(3)));
        var answerer = new QuestionAnswerer(new Retriever(index), chat: null);

        // Act
        Answer answer = await answerer.AskAsync("What did the committee record in the minutes of the agenda?", topK: 10);

        // Assert
        Assert.True(index.PassageCount > 20);
        Assert.Equal(10, answer.Passages.Count);
        Assert.Equal(Enumerable.Range(1, 10), answer.Citations.Select(c => c.Number));
        Assert.Equal(10, answer.Passages.Select(h => h.Chunk.Text).Distinct().Count());
        Assert.Contains("[10] (minutes.txt, p. ", answer.Text);
    }

    [Fact]
    public async Task Ask_TopTenOfTwoPassages_Two()
    {
        using Bm25Index index = Index(TestDocs.Make("short.txt", "The committee met on Monday.", "The committee met again on Friday."));
        var answerer = new QuestionAnswerer(new Retriever(index), chat: null);

        Answer answer = await answerer.AskAsync("When did the committee meet?", topK: 10);

        Assert.Equal(2, answer.Passages.Count);
        Assert.Equal(2, answer.Citations.Count);
    }

    [Fact]
    public async Task Ask_Scope_OnlyThatFolderAnswers()
    {
        // Arrange: one index holds two folders with a file of the same name.
        using Bm25Index index = Index(
            TestDocs.Make("/cases/b/notes.txt", "The hearing is set for the ninth of June."),
            TestDocs.Make("/cases/bc/notes.txt", "The hearing is set for the hearing date of the hearing in March, a hearing of hearings."));
        var answerer = new QuestionAnswerer(new Retriever(index), chat: null);

        // Act
        Answer scoped = await answerer.AskAsync("When is the hearing?", topK: 1, scope: SearchScope.Under("/cases/b"));
        Answer all = await answerer.AskAsync("When is the hearing?", topK: 1);

        // Assert: the other folder's passage ranks first over the whole index, yet the scoped question never sees it.
        Assert.Equal("/cases/bc/notes.txt", Assert.Single(all.Citations).File);
        Assert.Equal("/cases/b/notes.txt", Assert.Single(scoped.Citations).File);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \t")]
    public async Task Ask_EmptyQuestion_Throws(string question)
    {
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index), chat: null);

        await Assert.ThrowsAsync<ArgumentException>(() => answerer.AskAsync(question));
    }

    internal static Bm25Index Index(params Document[] documents)
    {
        Bm25Index index = Bm25Index.OpenInMemory();
        foreach (Document d in documents)
        {
            index.Upsert(d, ContentHash.OfText(d.Text), Chunker.ForRetrieval(d));
        }

        return index;
    }

    // Cites, by its number, the first passage of the prompt holding the needle.
    private static string CiteWhere(string prompt, string needle, string answer)
    {
        foreach (Match m in Label().Matches(prompt))
        {
            int next = prompt.IndexOf("\n[", m.Index + m.Length, StringComparison.Ordinal);
            string passage = prompt[m.Index..(next < 0 ? prompt.Length : next)];
            if (passage.Contains(needle, StringComparison.Ordinal))
            {
                return $"{answer} [{m.Groups[1].Value}].";
            }
        }

        return "The documents do not say.";
    }

    [GeneratedRegex(@"^\[(\d+)\] \([^\n]+, p\. \d+\)$", RegexOptions.Multiline)]
    private static partial Regex Label();
}
