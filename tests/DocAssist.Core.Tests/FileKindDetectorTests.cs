using System.Text;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.Core.Tests;

public sealed class FileKindDetectorTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, DocumentKind.Pdf)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, DocumentKind.Image)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, DocumentKind.Image)]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 }, DocumentKind.Image)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 }, DocumentKind.Image)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0 }, DocumentKind.Image)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, DocumentKind.Image)]
    [InlineData(new byte[] { 0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A }, DocumentKind.Image)]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF }, DocumentKind.Unknown)]
    [InlineData(new byte[0], DocumentKind.Unknown)]
    public void Detect_MagicBytes_GivesKind(byte[] head, DocumentKind expected)
    {
        Assert.Equal(expected, FileKindDetector.Detect(head));
    }

    [Fact]
    public void Detect_PdfHeaderAfterJunk_IsPdf()
    {
        byte[] head = [.. Encoding.ASCII.GetBytes(new string('x', 300)), .. "%PDF-1.4\n"u8];

        Assert.Equal(DocumentKind.Pdf, FileKindDetector.Detect(head));
    }

    [Fact]
    public void Detect_Utf8TextCutMidCharacter_IsText()
    {
        byte[] text = Encoding.UTF8.GetBytes("Lettre de résiliation — été");

        Assert.Equal(DocumentKind.Text, FileKindDetector.Detect(text.AsSpan(0, text.Length - 1)));
    }

    [Fact]
    public void Detect_Latin1Text_IsUnknown()
    {
        byte[] latin1 = Encoding.Latin1.GetBytes("caf\u00e9 cr\u00e8me br\u00fbl\u00e9e");

        Assert.Equal(DocumentKind.Unknown, FileKindDetector.Detect(latin1));
    }

    [Fact]
    public void Detect_FileWithWrongExtension_UsesContent()
    {
        string path = Path.Combine(Path.GetTempPath(), $"docassist-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
        try
        {
            Assert.Equal(DocumentKind.Image, FileKindDetector.Detect(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
