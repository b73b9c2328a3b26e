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
        Assert.Equal("[a.txt p.2]", hits[0].Chunk.Citation);
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
            using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, Bm25Index.FileName)};Pooling=False"))
            {
                old.Open();
                using Microsoft.Data.Sqlite.SqliteCommand create = old.CreateCommand();
                create.CommandText = """
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE documents(id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, pages INTEGER NOT NULL);
                    CREATE VIRTUAL TABLE passages USING fts5(text, doc_id UNINDEXED, file UNINDEXED, first_page UNINDEXED, last_page UNINDEXED, idx UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
                    CREATE TABLE vectors(passage INTEGER NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(passage, model));
                    INSERT INTO meta VALUES ('schema', '1');
                    INSERT INTO documents VALUES (1, 'zh.txt', 'h1', 1);
                    INSERT INTO passages VALUES ('本公司提供多種保險產品。', 1, 'zh.txt', 1, 1, 0);
                    """;
                create.ExecuteNonQuery();
            }

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
}
