using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.Core.Tests;

public sealed class PageGeometryTests
{
    private static readonly Figure Logo = new(new BoundingBox(100, 50, 200, 150), 300, 300, "image/png", new byte[] { 1 });

    [Fact]
    public void FiguresForOcr_PageTurnedAQuarter_FigureTurnsWithTheWordsFrame()
    {
        // A 600 × 800 pt page whose scan OCR read turned a quarter clockwise: the page is reported 800 × 600.
        var content = new PageContent { Number = 1, Width = 600, Height = 800, Unit = PageUnit.Point, ImagePlacement = new PageRect(0, 0, 600, 800), Figures = [Logo] };
        var result = new OcrPageResult("text", 90, [], 90, []) { ImageWidth = 800, ImageHeight = 600 };

        Figure turned = Assert.Single(PageGeometry.FiguresForOcr(content, result));
        (double width, double height, _, Func<BoundingBox, BoundingBox> map) = PageGeometry.ForOcr(content, result);

        Assert.Equal((800, 600), (width, height));
        // The logo's top-left corner (100, 50) is 50 pt from the top: turned, 50 pt from the right edge of the 800-wide page.
        Assert.Equal(new BoundingBox(650, 100, 750, 200), turned.Box);
        // A word OCR found where the logo is (the upright image is the turned page, a pixel a point) lands on the same box.
        Assert.Equal(turned.Box, map(new BoundingBox(650, 100, 750, 200)));
        Assert.Equal(Logo with { Box = turned.Box }, turned);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(360)]
    public void FiguresForOcr_PageNotTurned_FiguresUnchanged(int rotation)
    {
        var content = new PageContent { Number = 1, Width = 600, Height = 800, ImagePlacement = new PageRect(0, 0, 600, 800), Figures = [Logo] };

        IReadOnlyList<Figure> figures = PageGeometry.FiguresForOcr(content, new OcrPageResult("", 0, [], rotation, []) { ImageWidth = 600, ImageHeight = 800 });

        Assert.Same(content.Figures, figures);
    }
}
