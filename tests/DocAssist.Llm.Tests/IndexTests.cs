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
}
