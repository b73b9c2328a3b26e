using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

public sealed class EncryptionTests
{
    [Theory]
    [InlineData("pdfs/pdfpig_encrypted-password-is-password.pdf")]
    [InlineData("pdfs/gen_born_digital_aes256.pdf")]
    [InlineData("pdfs/gen_born_digital_rc4.pdf")]
    public async Task DecodeAsync_NoPassword_ThrowsEncryptedNamingFileAndSetting(string file)
    {
        var ex = await Assert.ThrowsAsync<EncryptedDocumentException>(() => Decoding.DecodeAsync(file));

        Assert.Contains(Settings.Mention(Settings.Password), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(file), ex.Message, StringComparison.Ordinal);
        Assert.Equal(TestData.Path(file), ex.FilePath);
    }

    [Fact]
    public async Task DecodeAsync_WrongPassword_ThrowsEncryptedAskingForTheRightOne()
    {
        var options = new ExtractOptions { Password = "not-it" };

        var ex = await Assert.ThrowsAsync<EncryptedDocumentException>(() => Decoding.DecodeAsync("pdfs/gen_born_digital_aes256.pdf", options));

        Assert.Contains("password does not open", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Settings.Mention(Settings.Password), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeAsync_RightPassword_ReadsTheTextLayer()
    {
        var options = new ExtractOptions { Password = "password" };

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/pdfpig_encrypted-password-is-password.pdf", options);

        Assert.Equal(2, pages.Count);
        Assert.Contains("Open and Create PNG Images", pages[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pdfs/gen_born_digital_rc4.pdf", "user-rc4")]
    [InlineData("pdfs/gen_born_digital_rc4.pdf", "owner-rc4")]
    [InlineData("pdfs/gen_born_digital_aes256.pdf", "SaSLprep")]
    [InlineData("pdfs/gen_born_digital_aes256.pdf", "owner-aes")]
    public async Task DecodeAsync_UserOrOwnerPassword_ReadsGroundTruth(string file, string password)
    {
        string[] expected = Decoding.GroundTruthPages(Path.ChangeExtension(file, ".gt.txt"));

        List<PageContent> pages = await Decoding.DecodeAsync(file, new ExtractOptions { Password = password });

        Assert.Equal(expected, pages.Select(p => p.Text));
    }

    [Fact]
    public async Task DecodeAsync_Aes256PasswordNeedingSaslPrep_Opens()
    {
        // "SªSL" + soft hyphen + "prep": as typed it hashes to other bytes; SASLprep maps it to "SaSLprep".
        const string typed = "S\u00AASL\u00ADprep";
        string[] expected = Decoding.GroundTruthPages("pdfs/gen_born_digital_aes256.gt.txt");

        List<PageContent> pages = await Decoding.DecodeAsync("pdfs/gen_born_digital_aes256.pdf", new ExtractOptions { Password = typed });

        Assert.Equal(expected, pages.Select(p => p.Text));
    }
}
