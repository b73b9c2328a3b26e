using DocAssist.App.Batch;
using DocAssist.Core;

namespace DocAssist.App.Tests;

public class BatchSettingsTests
{
    [Fact]
    public void OptionsHash_DoesNotDependOnThePassword_ButOnWhatShapesTheOutputs()
    {
        BatchSettings plain = Settings(new ExtractOptions());

        string withPassword = Settings(new ExtractOptions { Password = "correct horse" }).OptionsHash;
        string otherPassword = Settings(new ExtractOptions { Password = "battery staple" }).OptionsHash;
        string otherLanguage = Settings(new ExtractOptions { Languages = "fra" }).OptionsHash;

        // Written to the manifest and the report: nothing in it may be checked against a guessed password.
        Assert.Equal(plain.OptionsHash, withPassword);
        Assert.Equal(plain.OptionsHash, otherPassword);
        Assert.NotEqual(plain.OptionsHash, otherLanguage);
        Assert.NotEqual(plain.OptionsHash, (plain with { SearchablePdf = true }).OptionsHash);
    }

    private static BatchSettings Settings(ExtractOptions options) =>
        new("in", "out", options, SearchablePdf: false, ShardSpec.All, Watch: false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Isolate: false, Verbose: false);
}
