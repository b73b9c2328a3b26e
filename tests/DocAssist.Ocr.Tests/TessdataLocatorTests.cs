using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Testing;

namespace DocAssist.Ocr.Tests;

public class TessdataLocatorTests
{
    [Fact]
    public void Resolve_ExplicitFolder_WinsOverEverything()
    {
        string dir = Directory.CreateTempSubdirectory("docassist-td-").FullName;
        try
        {
            Assert.Equal(dir, TessdataLocator.Resolve(dir));
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void Resolve_ExplicitFolderMissing_ThrowsConfigExceptionWithKeyPath()
    {
        var ex = Assert.Throws<ConfigException>(() => TessdataLocator.Resolve("/nonexistent/tessdata"));

        Assert.Equal(Settings.Tessdata, ex.KeyPath);
        Assert.Contains("/nonexistent/tessdata", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ExplicitFolderMissing_MessageNamesTheSettingNotAFlag()
    {
        var ex = Assert.Throws<ConfigException>(() => TessdataLocator.Resolve("/nonexistent/tessdata"));

        Assert.Contains(Settings.Mention(Settings.Tessdata), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureLanguages_UnknownLanguage_MessageNamesTheSettingNotAFlag()
    {
        var ex = Assert.Throws<ConfigException>(() => TessdataLocator.EnsureLanguages(TestData.Tessdata, "fr"));

        Assert.Equal(Settings.Languages, ex.KeyPath);
        Assert.Contains(Settings.Mention(Settings.Languages, "fra"), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EnvironmentVariable_UsedWhenNoExplicitFolder()
    {
        string dir = Directory.CreateTempSubdirectory("docassist-td-").FullName;
        string? saved = Environment.GetEnvironmentVariable(TessdataLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(TessdataLocator.EnvironmentVariable, dir);

            Assert.Equal(dir, TessdataLocator.Resolve(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(TessdataLocator.EnvironmentVariable, saved);
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void Resolve_NothingGiven_FindsTheRepositoryTessdataAboveTheApplication()
    {
        string? saved = Environment.GetEnvironmentVariable(TessdataLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(TessdataLocator.EnvironmentVariable, null);

            Assert.Equal(TestData.Tessdata, TessdataLocator.Resolve());
        }
        finally
        {
            Environment.SetEnvironmentVariable(TessdataLocator.EnvironmentVariable, saved);
        }
    }

    [Theory]
    [InlineData("fr", "`languages: fra`")]
    [InlineData("french", "`languages: fra`")]
    [InlineData("eng+fr", "`languages: eng+fra`")]
    [InlineData("Français", "`languages: fra`")]
    public void EnsureLanguages_LanguageTypedAsIsoCodeOrName_NamesTheModelAndItsDebianPackage(string typed, string corrected)
    {
        var ex = Assert.Throws<ConfigException>(() => TessdataLocator.EnsureLanguages(TestData.Tessdata, typed));

        Assert.Equal(Settings.Languages, ex.KeyPath);
        Assert.Contains(corrected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("fra.traineddata", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr-fra", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"tesseract-ocr-fr\b", ex.Message);
        Assert.DoesNotContain("tesseract-ocr-french", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
