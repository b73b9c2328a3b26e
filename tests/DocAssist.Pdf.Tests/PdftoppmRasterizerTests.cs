using System.Text;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;

namespace DocAssist.Pdf.Tests;

public sealed class PdftoppmRasterizerTests
{
    [Fact]
    public async Task RenderAsync_EncryptedPdfWithPassword_RendersRawGrayPage()
    {
        Decoding.RequirePdftoppm();

        RasterResult result = await new PdftoppmRasterizer().RenderAsync(
            TestData.Path("pdfs/pdfpig_encrypted-password-is-password.pdf"), 1, 72, "password");

        Assert.Null(result.Problem);
        PageImage image = result.Image!;
        Assert.True(image.IsRawGray);
        Assert.Equal(72, image.Dpi);
        Assert.Equal((long)image.Width * image.Height, image.Data.Length);
    }

    [Fact]
    public async Task RenderAsync_EncryptedPdfWithoutPassword_FailsWithPopplersReason()
    {
        Decoding.RequirePdftoppm();

        RasterResult result = await new PdftoppmRasterizer().RenderAsync(
            TestData.Path("pdfs/pdfpig_encrypted-password-is-password.pdf"), 1, 72, password: null);

        Assert.Null(result.Image);
        Assert.False(result.IsToolMissing);
        Assert.Contains("password", result.Problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RenderAsync_ToolMissing_SaysSo()
    {
        RasterResult result = await new PdftoppmRasterizer("no-such-pdftoppm").RenderAsync(
            TestData.Path("pdfs/ocrmypdf_vector.pdf"), 1, 72, password: null);

        Assert.True(result.IsToolMissing);
        Assert.Null(result.Image);
    }

    [Fact]
    public async Task RenderAsync_Cancelled_ThrowsOperationCanceled()
    {
        Decoding.RequirePdftoppm();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PdftoppmRasterizer().RenderAsync(
            TestData.Path("pdfs/ocrmypdf_vector.pdf"), 1, 300, password: null, cts.Token));
    }

    [Theory]
    [InlineData(595, 842, 250_000_000, 300)]
    [InlineData(2160, 2160, 250_000_000, 258)]
    [InlineData(595, 842, 1_000_000, 101)]
    public void ChooseDpi_LargePagesOrTightLimits_LowerTheResolution(double width, double height, long maxPixels, int expected)
    {
        Assert.Equal(expected, PdftoppmRasterizer.ChooseDpi(width, height, maxPixels));
    }

    [Fact]
    public void TryParsePgm_WellFormed_ReturnsPixelsWithoutHeader()
    {
        using var pgm = new MemoryStream();
        pgm.Write("P5\n# made by hand\n3 2\n255\n"u8);
        pgm.Write([1, 2, 3, 4, 5, 6]);

        Assert.True(PdftoppmRasterizer.TryParsePgm(pgm, 300, out PageImage? image));

        Assert.Equal(3, image!.Width);
        Assert.Equal(2, image.Height);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, image.Data.ToArray());
    }

    [Theory]
    [InlineData("P5\n3 2\n255\n\u0001\u0002")]
    [InlineData("P6\n1 1\n255\n\u0001\u0002\u0003")]
    [InlineData("P5\n1 1\n65535\n\u0001\u0002")]
    [InlineData("")]
    public void TryParsePgm_TruncatedOrOtherFormat_IsRejected(string content)
    {
        using var pgm = new MemoryStream();
        pgm.Write(Encoding.Latin1.GetBytes(content));

        Assert.False(PdftoppmRasterizer.TryParsePgm(pgm, 300, out _));
    }
}
