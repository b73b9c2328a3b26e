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

        Assert.Equal("--tessdata", ex.KeyPath);
        Assert.Contains("/nonexistent/tessdata", ex.Message, StringComparison.Ordinal);
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
}
