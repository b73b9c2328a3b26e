using DocAssist.Ocr.Imaging;

namespace DocAssist.Ocr.Tests;

public class GrayImageTests
{
    // 3 wide, 2 high:
    //   1 2 3
    //   4 5 6
    private static readonly GrayImage Sample = new(new byte[] { 1, 2, 3, 4, 5, 6 }, 3, 2, 300);

    [Fact]
    public void RotateClockwise_90_TurnsRight()
    {
        GrayImage turned = Sample.RotateClockwise(90);

        Assert.Equal((2, 3), (turned.Width, turned.Height));
        Assert.Equal(new byte[] { 4, 1, 5, 2, 6, 3 }, turned.Pixels.ToArray());
    }

    [Fact]
    public void RotateClockwise_270_TurnsLeft()
    {
        GrayImage turned = Sample.RotateClockwise(270);

        Assert.Equal((2, 3), (turned.Width, turned.Height));
        Assert.Equal(new byte[] { 3, 6, 2, 5, 1, 4 }, turned.Pixels.ToArray());
    }

    [Fact]
    public void RotateClockwise_180_ReversesPixels()
    {
        GrayImage turned = Sample.RotateClockwise(180);

        Assert.Equal(new byte[] { 6, 5, 4, 3, 2, 1 }, turned.Pixels.ToArray());
        Assert.Equal(300, turned.Dpi);
    }

    [Fact]
    public void Constructor_WrongLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrayImage(new byte[5], 3, 2, null));
    }
}
