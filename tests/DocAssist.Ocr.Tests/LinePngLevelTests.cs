using System.Runtime.InteropServices;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

public partial class LinePngLevelTests
{
    private const int FormatPng = 3;
    private const int Width = 600;
    private const int Height = 80;

    [Fact]
    public void Install_OnThisSystem_FindsLeptonicasImportOfTheLevelSetter()
    {
        NativeEnvironment.EnsureInitialized();

        Assert.True(LinePngLevel.IsInstalled, "Leptonica's png_set_compression_level import was not found: Tesseract's line images are compressed at zlib's default level again.");
    }

    [Fact]
    public void LeptonicaPng_WithTheHook_IsStoredUncompressedAndDecodesToTheSamePixels()
    {
        GrayImage line = LineLikeImage();
        NativeEnvironment.EnsureInitialized();
        long before = LinePngLevel.Calls;

        byte[] hooked = WritePng(line, zlibLevel: null);
        byte[] plain = WithoutHook(() => WritePng(line, zlibLevel: null));

        Assert.Equal(1, LinePngLevel.Calls - before);

        // Stored blocks hold every pixel (one filter byte a row); zlib's default level packs this image into a fraction of that.
        Assert.True(hooked.Length >= Width * Height, $"hooked PNG {hooked.Length} bytes, raw pixels {Width * Height}");
        Assert.True(plain.Length < Width * Height / 2, $"default-level PNG {plain.Length} bytes");
        Assert.Equal(line.Pixels.ToArray(), ReadPng(hooked).Pixels.ToArray());
        Assert.Equal(line.Pixels.ToArray(), ReadPng(plain).Pixels.ToArray());
    }

    [Fact]
    public void LeptonicaPng_AskedForALevel_KeepsIt()
    {
        GrayImage line = LineLikeImage();

        byte[] best = WritePng(line, zlibLevel: 9);

        Assert.True(best.Length < Width * Height / 2, $"level-9 PNG {best.Length} bytes");
        Assert.Equal(line.Pixels.ToArray(), ReadPng(best).Pixels.ToArray());
    }

    [Fact]
    public void Recognize_GoesThroughTheHook_AndReadsTheSameTextAsWithout()
    {
        GrayImage page = DecodeGray("tess_eurotext.tif");
        using var engine = new TesseractOcrEngine(Tessdata, "eng");
        long before = LinePngLevel.Calls;

        string hooked = engine.Recognize(page).Text;
        long lines = LinePngLevel.Calls - before;
        string plain = WithoutHook(() => engine.Recognize(page).Text);

        // Every text line of the page was cut out, PNG-encoded through the hook and decoded again.
        Assert.InRange(lines, 8, 200);
        Assert.Equal(lines, LinePngLevel.Calls - before);
        Assert.Equal(plain, hooked);
        Assert.True(Cer("tess_eurotext.tif", hooked) <= 0.04);
    }

    // Runs with libpng's own level setter in Leptonica's slot, then puts the hook back.
    private static T WithoutHook<T>(Func<T> action) => OcrTestHelpers.WithoutHook(LinePngLevel.Uninstall, LinePngLevel.Install, action);

    // Text-like rows: dark strokes on white, with a little noise, so the compressed PNG is much smaller than the pixels.
    private static GrayImage LineLikeImage()
    {
        var random = new Random(7);
        var pixels = new byte[Width * Height];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                bool stroke = y is > 20 and < 60 && x % 14 < 3;
                pixels[(y * Width) + x] = (byte)(stroke ? 20 + random.Next(10) : 250 - random.Next(3));
            }
        }

        return new GrayImage(pixels, Width, Height, 300);
    }

    private static byte[] WritePng(GrayImage image, int? zlibLevel)
    {
        using LeptPixHandle pix = LeptPixHandle.FromGray(image);
        if (zlibLevel is { } level)
        {
            Assert.Equal(0, pixSetZlibCompression(pix.Pointer, level));
        }

        Assert.Equal(0, pixWriteMem(out nint data, out nuint size, pix.Pointer, FormatPng));
        try
        {
            var bytes = new byte[(int)size];
            Marshal.Copy(data, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            lept_free(data);
        }
    }

    private static GrayImage ReadPng(byte[] png)
    {
        using LeptPixHandle decoded = LeptPixHandle.TryDecodeGray(png, isJpeg: false, isTiff: false, frame: 0) ?? throw new InvalidOperationException("Leptonica could not read its own PNG.");
        return decoded.ToGray(null);
    }

    [LibraryImport(LeptApi.Library)]
    private static partial int pixWriteMem(out nint data, out nuint size, nint pix, int format);

    [LibraryImport(LeptApi.Library)]
    private static partial int pixSetZlibCompression(nint pix, int level);

    [LibraryImport(LeptApi.Library)]
    private static partial void lept_free(nint data);
}
