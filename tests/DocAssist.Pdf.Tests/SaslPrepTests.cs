namespace DocAssist.Pdf.Tests;

public sealed class SaslPrepTests
{
    [Theory]
    [InlineData("S\u00AASL\u00ADprep", "SaSLprep")]
    [InlineData("I\u00ADX", "IX")]
    [InlineData("user", "user")]
    [InlineData("a\u00A0b", "a b")]
    [InlineData("\u2168", "IX")]
    [InlineData("\uFF21\uFF22", "AB")]
    [InlineData("x\u200By\uFEFFz", "xyz")]
    public void Prepare_MapsAndNormalises(string typed, string expected)
    {
        Assert.Equal(expected, SaslPrep.Prepare(typed));
    }
}
