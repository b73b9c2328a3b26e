using System.Text;
using DocAssist.App.Batch;

namespace DocAssist.Cli.Tests;

/// <summary>The batch's parts in process: shards, output names, the manifest journal, the scanner.</summary>
public sealed class BatchPartsTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("docassist-batchparts-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("3/8", 3, 8)]
    public void Shard_Parses(string text, int k, int n)
    {
        Assert.True(ShardSpec.TryParse(text, out ShardSpec shard, out _));
        Assert.Equal(new ShardSpec(k, n), shard);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("x/3")]
    [InlineData("1/3/4")]
    [InlineData("-1/3")]
    public void Shard_RejectsNonsense(string text) => Assert.False(ShardSpec.TryParse(text, out _, out _));

    [Fact]
    public void Shard_EveryHashInExactlyOneShard()
    {
        for (int i = 0; i < 500; i++)
        {
            string hash = ContentHasher.HashText(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Single(Enumerable.Range(1, 7), k => new ShardSpec(k, 7).Includes(hash));
        }
    }

    [Fact]
    public void Layout_SanitizesEverySegmentAndStaysInside()
    {
        var layout = new OutputLayout(_scratch, ["report"]);

        Assert.Equal("a_b/c.pdf", layout.StemFor("a\u0001b/c.pdf"));
        Assert.Equal("report-2", layout.StemFor("report"));
        Assert.Equal("document/document/etc/passwd", layout.StemFor("../../etc/passwd"));
        Assert.Equal("x.pdf", layout.StemFor("x.pdf"));
        Assert.Equal("x.pdf_", layout.StemFor("x.pdf\u0007"));
        Assert.Equal("x.pdf_-2", layout.StemFor("x.pdf\u0008"));
        Assert.Equal("x.pdf", layout.StemFor("x.pdf"));
        string longName = new('é', 300);
        Assert.True(Encoding.UTF8.GetByteCount(layout.StemFor(longName)) <= OutputLayout.MaxSegmentBytes);
        Assert.StartsWith(_scratch, layout.FullPath(layout.StemFor("../../etc/passwd") + ".txt"), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => layout.FullPath("../escape.txt"));
    }

    [Fact]
    public void Manifest_TornLastLineIsDroppedAndTheNextLineStartsClean()
    {
        string path = Path.Combine(_scratch, ".docassist", "manifest.jsonl");
        ManifestRecord record = Record("a.pdf");
        using (BatchManifest manifest = BatchManifest.Open(path))
        {
            manifest.Append(record);
            manifest.Append(Record("b.pdf"));
        }

        // A kill in the middle of the third line.
        File.AppendAllText(path, "{\"path\":\"c.pdf\",\"hash\":\"ab");

        using (BatchManifest manifest = BatchManifest.Open(path))
        {
            Assert.Equal(1, manifest.DroppedLines);
            Assert.NotNull(manifest.Get("a.pdf"));
            Assert.NotNull(manifest.Get("b.pdf"));
            Assert.Null(manifest.Get("c.pdf"));
            manifest.Append(Record("c.pdf"));
        }

        using BatchManifest reopened = BatchManifest.Open(path);
        Assert.Equal(0, reopened.DroppedLines);
        Assert.Equal(3, reopened.All().Count);
        Assert.Equal(record.Hash, reopened.KnownHash(new ScanEntry("a.pdf", "/x", record.Size, record.LastWriteUtc)));
        Assert.Null(reopened.KnownHash(new ScanEntry("a.pdf", "/x", record.Size + 1, record.LastWriteUtc)));
    }

    [Fact]
    public void Scanner_DoesNotFollowFolderLinks_SkipsOutputFolder_FilesThenFoldersInOrdinalOrder()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "b"));
        Directory.CreateDirectory(Path.Combine(_scratch, "out"));
        File.WriteAllText(Path.Combine(_scratch, "b", "2.txt"), "x");
        File.WriteAllText(Path.Combine(_scratch, "b", "10.txt"), "x");
        File.WriteAllText(Path.Combine(_scratch, "a.txt"), "x");
        File.WriteAllText(Path.Combine(_scratch, "out", "o.txt"), "x");
        File.WriteAllText(Path.Combine(_scratch, "empty.txt"), string.Empty);
        Directory.CreateSymbolicLink(Path.Combine(_scratch, "b", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_scratch, "dangling.pdf"), "nowhere.pdf");

        ScanResult scan = InputScanner.Scan(_scratch, Path.Combine(_scratch, "out"));

        Assert.Equal(["a.txt", "dangling.pdf", "b/10.txt", "b/2.txt"], scan.Files.Select(f => f.RelativePath));
        Assert.NotNull(scan.Files.Single(f => f.RelativePath == "dangling.pdf").Problem);
        Assert.Contains(scan.Ignored, i => i.Path == "b/up/");
        Assert.Contains(scan.Ignored, i => i.Path == "out/");
        Assert.Contains(scan.Ignored, i => i.Path == "empty.txt");
    }

    private static ManifestRecord Record(string path) => new(
        path, new string('a', 64), "opts", 10, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), ManifestRecord.Done, null, null,
        [path + ".txt"], "pdf", new PageCounts(1, 1, 0, 0, 0, 0, 0, null), 0.1, 0, DateTime.UtcNow);
}
