using DocAssist.Core.Model;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;

namespace DocAssist.Llm.Tests;

public sealed class IndexTests
{
    [Fact]
    public void Search_FindsPageOfTheAnswer()
    {
        using Bm25Index index = AskTests.Index(TestDocs.Make("a.txt", "Apples grow in orchards.", "The capital of France is Paris.", "Rivers flow to the sea."));

        IReadOnlyList<SearchHit> hits = index.Search("What is the capital of France?", 3);

        Assert.Equal(2, hits[0].Chunk.FirstPage);
        Assert.Equal("a.txt", hits[0].Chunk.File);
        Assert.Equal("p. 2", hits[0].Chunk.Pages);
    }

    [Fact]
    public void Search_ScopeUnderFolder_OtherFoldersNeverReturned()
    {
        // Arrange: the best matches live outside the folder asked about, one in a folder whose name merely starts the same.
        using Bm25Index index = AskTests.Index(
            TestDocs.Make("/a/b/x.txt", "The budget was approved."),
            TestDocs.Make("/a/b/sub/y.txt", "A budget line was added to the budget."),
            TestDocs.Make("/a/bc/x.txt", "Budget, budget, budget: the budget of the budget."),
            TestDocs.Make("/a/budget.txt", "Budget budget budget budget."),
            TestDocs.Make("/z/x.txt", "Budget budget budget budget budget."));

        // Act
        IReadOnlyList<SearchHit> all = index.Search("budget", 1);
        IReadOnlyList<SearchHit> top = index.Search("budget", 1, SearchScope.Under("/a/b"));
        IReadOnlyList<SearchHit> scoped = index.Search("budget", 10, SearchScope.Under("/a/b/"));

        // Assert: LIMIT counts passages in scope only, and /a/bc is not under /a/b.
        Assert.DoesNotContain(all[0].Chunk.File, new[] { "/a/b/x.txt", "/a/b/sub/y.txt" });
        Assert.Contains(Assert.Single(top).Chunk.File, new[] { "/a/b/x.txt", "/a/b/sub/y.txt" });
        Assert.Equal(["/a/b/sub/y.txt", "/a/b/x.txt"], scoped.Select(h => h.Chunk.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Search_ScopeOfDocuments_SameFileNameInTwoFolders()
    {
        using Bm25Index index = AskTests.Index(
            TestDocs.Make("march/invoice.pdf", "Invoice total: 1,200 euros."),
            TestDocs.Make("april/invoice.pdf", "Invoice total: 2,450 euros."),
            TestDocs.Make(@"C:\docs\may\invoice.pdf", "Invoice total: 990 euros."));

        Assert.Equal("april/invoice.pdf", Assert.Single(index.Search("invoice total", 10, SearchScope.Under("april"))).Chunk.File);
        Assert.Equal("march/invoice.pdf", Assert.Single(index.Search("invoice total", 10, SearchScope.Documents(["march/invoice.pdf", "june/invoice.pdf"]))).Chunk.File);
        Assert.Equal(@"C:\docs\may\invoice.pdf", Assert.Single(index.Search("invoice total", 10, SearchScope.Under(@"C:\docs\may"))).Chunk.File);
        Assert.Empty(index.Search("invoice total", 10, SearchScope.Documents([])));
        Assert.Empty(index.Search("invoice total", 10, SearchScope.Under("apr")));
        Assert.Equal(3, index.Search("invoice total", 10).Count);
    }

    [Fact]
    public void Search_ScopeOfManyDocuments_LimitCountsOnlyThem()
    {
        // Arrange: more keys than are looked up as index terms, so the scope is checked on each matching passage instead.
        using Bm25Index index = AskTests.Index(
            TestDocs.Make("in/a.txt", "The budget was approved."),
            TestDocs.Make("out/b.txt", "Budget, budget, budget: the budget of the budget."));
        SearchScope scope = SearchScope.Documents([.. Enumerable.Range(0, 100).Select(i => $"in/missing-{i}.txt"), "in/a.txt"]);

        Assert.Equal("out/b.txt", index.Search("budget", 1)[0].Chunk.File);
        Assert.Equal("in/a.txt", Assert.Single(index.Search("budget", 1, scope)).Chunk.File);
    }

    [Fact]
    public async Task Retriever_ManyCopiesOfOnePassage_FillsUpFromFurtherCandidates()
    {
        // Arrange: thirty copies of one notice rank above four other passages; the copies count once.
        Document[] copies = [.. Enumerable.Range(0, 30).Select(i => TestDocs.Make($"copies/{i}.txt", "Committee notice: committee meets."))];
        Document[] others = [.. Enumerable.Range(0, 4).Select(i => TestDocs.Make($"other/{i}.txt", $"The committee discussed point {i} of the long agenda for the year at some length."))];
        using Bm25Index index = AskTests.Index([.. copies, .. others]);

        // Act
        IReadOnlyList<SearchHit> hits = await new Retriever(index).SearchAsync("committee", 5);

        // Assert
        Assert.Equal(5, hits.Count);
        Assert.Equal(5, hits.Select(h => h.Chunk.Text).Distinct().Count());
        Assert.StartsWith("copies/", hits[0].Chunk.File, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retriever_Scope_PassedToTheIndex()
    {
        using Bm25Index index = AskTests.Index(
            TestDocs.Make("one/a.txt", "The lease ends in May."),
            TestDocs.Make("two/a.txt", "The lease ends in June, the lease says."));

        IReadOnlyList<SearchHit> hits = await new Retriever(index).SearchAsync("When does the lease end?", 5, SearchScope.Under("one"));

        Assert.Equal("one/a.txt", Assert.Single(hits).Chunk.File);
    }

    [Fact]
    public void SearchScope_Includes()
    {
        SearchScope under = SearchScope.Under("/a/b");

        Assert.True(under.Includes("/a/b"));
        Assert.True(under.Includes("/a/b/x.pdf"));
        Assert.True(under.Includes(@"/a/b\x.pdf"));
        Assert.False(under.Includes("/a/bc/x.pdf"));
        Assert.False(under.Includes("/a/x.pdf"));
        Assert.True(SearchScope.Documents(["k1"]).Includes("k1"));
        Assert.False(SearchScope.Documents(["k1"]).Includes("k2"));
        Assert.Throws<ArgumentException>(() => SearchScope.Under(string.Empty));
    }

    [Fact]
    public void Search_HitsCarryTheStoredBoxes()
    {
        Document document = TestDocs.WithWords(TestDocs.Make("w.pdf", "The capital of France is Paris. It lies on the Seine river and has many bridges."));
        IReadOnlyList<Chunk> passages = Chunker.ForRetrieval(document);
        using Bm25Index index = Bm25Index.OpenInMemory();
        index.Upsert(document, "h", passages);

        SearchHit hit = Assert.Single(index.Search("capital of France", 3));

        Assert.NotEmpty(passages[0].Boxes);
        Assert.Equal(passages[0].Boxes, hit.Chunk.Boxes);
    }

    [Fact]
    public void Search_PunctuationAndQuotes_NoSyntaxError()
    {
        using Bm25Index index = AskTests.Index(TestDocs.Make("a.txt", "Le contrat « cadre » prend effet le 1er janvier."));

        Assert.NotEmpty(index.Search("Quand le contrat \"cadre\" (l'accord) prend-il effet ? AND OR NEAR*", 3));
        Assert.Empty(index.Search("?! ...", 3));
    }

    [Fact]
    public void Search_AccentsIgnored()
    {
        using Bm25Index index = AskTests.Index(TestDocs.Make("fr.txt", "La société a été créée en 1998 à Genève."));

        Assert.NotEmpty(index.Search("societe creee geneve", 3));
    }

    [Fact]
    public void Open_FileIndex_PersistsAndUpdatesByHash()
    {
        string dir = Path.Combine(Path.GetTempPath(), "docassist-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            Document v1 = TestDocs.Make("notes.txt", "The meeting is on Tuesday.");
            Document v2 = TestDocs.Make("notes.txt", "The meeting moved to Thursday.");
            using (Bm25Index index = Bm25Index.Open(dir))
            {
                index.Upsert(v1, "h1", Chunker.ForRetrieval(v1));
                index.SetVector(index.Search("meeting", 1)[0].RowId, "e", [1f, 2f]);
            }

            using (Bm25Index index = Bm25Index.Open(dir))
            {
                Assert.Equal("h1", index.GetHash("notes.txt"));
                Assert.Equal([1f, 2f], index.GetVector(index.Search("meeting", 1)[0].RowId, "e")!);
                index.Upsert(v2, "h2", Chunker.ForRetrieval(v2));
                Assert.Equal(1, index.DocumentCount);
                Assert.Equal(1, index.PassageCount);
                Assert.Empty(index.Search("Tuesday", 3));
                Assert.Single(index.Search("Thursday", 3));
                Assert.Null(index.GetVector(index.Search("meeting", 1)[0].RowId, "e"));
                Assert.True(index.Remove("notes.txt"));
                Assert.Equal(0, index.PassageCount);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Open_IndexOfAnOlderSchema_DroppedAndRebuilt()
    {
        // Arrange: a file written by schema version 1 (one indexed column, no CJK bigrams).
        string dir = Path.Combine(Path.GetTempPath(), "docassist-index-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            WriteIndexFile(dir, """
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE documents(id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, pages INTEGER NOT NULL);
                    CREATE VIRTUAL TABLE passages USING fts5(text, doc_id UNINDEXED, file UNINDEXED, first_page UNINDEXED, last_page UNINDEXED, idx UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
                    CREATE TABLE vectors(passage INTEGER NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(passage, model));
                    INSERT INTO meta VALUES ('schema', '1');
                    INSERT INTO documents VALUES (1, 'zh.txt', 'h1', 1);
                    INSERT INTO passages VALUES ('本公司提供多種保險產品。', 1, 'zh.txt', 1, 1, 0);
                    """);

            Document document = TestDocs.Make("zh.txt", "本公司提供多種保險產品。");

            // Act
            using Bm25Index index = Bm25Index.Open(dir);
            string? replaced = index.ReplacedSchema;
            string? hashAfterOpen = index.GetHash("zh.txt");
            index.Upsert(document, "h1", Chunker.ForRetrieval(document));

            // Assert: the old rows are gone (so the file is indexed again) and the rebuilt index answers a CJK question.
            Assert.Equal("1", replaced);
            Assert.Null(hashAfterOpen);
            Assert.Single(index.Search("保險", 3));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Open_IndexOfSchema2_DroppedAndRebuilt()
    {
        // Arrange: a file written by schema version 2 (no boxes).
        string dir = Path.Combine(Path.GetTempPath(), "docassist-index-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            WriteIndexFile(dir, """
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE documents(id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, pages INTEGER NOT NULL);
                    CREATE VIRTUAL TABLE passages USING fts5(text, cjk, doc_id UNINDEXED, file UNINDEXED, first_page UNINDEXED, last_page UNINDEXED, idx UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
                    CREATE TABLE vectors(passage INTEGER NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(passage, model));
                    INSERT INTO meta VALUES ('schema', '2');
                    INSERT INTO documents VALUES (1, 'notes.txt', 'h1', 1);
                    INSERT INTO passages VALUES ('The meeting is on Tuesday.', '', 1, 'notes.txt', 1, 1, 0);
                    """);

            // Act
            using Bm25Index index = Bm25Index.Open(dir);

            // Assert
            Assert.Equal("2", index.ReplacedSchema);
            Assert.Null(index.GetHash("notes.txt"));
            Assert.Equal(0, index.PassageCount);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Open_IndexOfTheCurrentSchema_Kept()
    {
        // Arrange
        string dir = Path.Combine(Path.GetTempPath(), "docassist-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            Document document = TestDocs.Make("notes.txt", "The meeting is on Tuesday.");
            using (Bm25Index first = Bm25Index.Open(dir))
            {
                first.Upsert(document, "h1", Chunker.ForRetrieval(document));
            }

            // Act
            using Bm25Index index = Bm25Index.Open(dir);

            // Assert
            Assert.Null(index.ReplacedSchema);
            Assert.Equal("h1", index.GetHash("notes.txt"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    // Writes an index file as an older version of DocAssist left it.
    private static void WriteIndexFile(string dir, string sql)
    {
        using var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, Bm25Index.FileName)};Pooling=False");
        old.Open();
        using Microsoft.Data.Sqlite.SqliteCommand create = old.CreateCommand();
#pragma warning disable CA2100 // Constant SQL of the tests.
        create.CommandText = sql;
#pragma warning restore CA2100
        create.ExecuteNonQuery();
    }
}
