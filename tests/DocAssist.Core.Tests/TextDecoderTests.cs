using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;

namespace DocAssist.Core.Tests;

public sealed class TextDecoderTests
{
    [Fact]
    public async Task DecodeAsync_FormFeeds_SplitPages()
    {
        string path = Path.Combine(Path.GetTempPath(), $"docassist-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(path, "# One\r\nfirst page\n\fsecond page\n");
        try
        {
            var pages = new List<PageContent>();
            await foreach (PageContent page in new TextDecoder().DecodeAsync(path, new ExtractOptions()))
            {
                pages.Add(page);
            }

            Assert.Equal([1, 2], pages.Select(p => p.Number));
            Assert.Equal("# One\nfirst page", pages[0].Text);
            Assert.Equal("second page", pages[1].Text);
            Assert.All(pages, p => Assert.Null(p.Image));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task DecodeAsync_InvalidUtf8_ThrowsNamingFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"docassist-{Guid.NewGuid():N}.txt");
        await File.WriteAllBytesAsync(path, [0x61, 0xC3, 0x28, 0x62]);
        try
        {
            var ex = await Assert.ThrowsAsync<DocumentFormatException>(async () =>
            {
                await foreach (PageContent _ in new TextDecoder().DecodeAsync(path, new ExtractOptions()))
                {
                }
            });
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
