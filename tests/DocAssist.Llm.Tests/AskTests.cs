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
        // The model cites the label of the passage that holds the answer, as a real model is told to.
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => CiteWhere(r.LastUser, "ninety days", "The notice period is ninety days");
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server)));
        using Bm25Index index = Index(Contract);
        var answerer = new QuestionAnswerer(new Retriever(index, connection.Embeddings, connection.EmbeddingModel), connection.Chat, connection.ContextTokens);

        var streamed = new List<string>();
        Answer answer = await answerer.AskAsync("What is the termination notice period?", onText: streamed.Add);

        Assert.False(answer.Extractive);
        Assert.Equal("The notice period is ninety days [contract.pdf p.3].", answer.Text);
        Citation citation = Assert.Single(answer.Citations);
        Assert.Equal(3, citation.Page);
        Assert.Equal("contract.pdf", citation.File);
        Assert.Contains("ninety days", citation.Text);
        Assert.Equal(answer.Text, string.Concat(streamed).Trim());
        Assert.Contains("[contract.pdf p.3]\nThe termination notice period", server.ChatRequests.Single().LastUser);
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
        Assert.Contains("[contract.pdf p.3]", answer.Text);
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
    }

    [Fact]
    public void ParseCitations_SeveralForms()
    {
        using Bm25Index index = Index(Contract);
        IReadOnlyList<SearchHit> hits = index.Search("termination payment deliveries", 10);

        IReadOnlyList<Citation> citations = QuestionAnswerer.ParseCitations("A [contract.pdf p.3]. B [contract.pdf p. 4; contract.pdf p.2]. C [other.pdf p.1].", hits);

        Assert.Equal([3, 4, 2], citations.Select(c => c.Page));
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

    private static string CiteWhere(string prompt, string needle, string answer)
    {
        foreach (Match m in Label().Matches(prompt))
        {
            int next = prompt.IndexOf("\n[", m.Index + m.Length, StringComparison.Ordinal);
            string passage = prompt[m.Index..(next < 0 ? prompt.Length : next)];
            if (passage.Contains(needle, StringComparison.Ordinal))
            {
                return $"{answer} {m.Value}.";
            }
        }

        return "The documents do not say.";
    }

    [GeneratedRegex(@"\[[^\]\n]+ p\.\d+\]")]
    private static partial Regex Label();
}
