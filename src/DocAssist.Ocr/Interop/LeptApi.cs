using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Imports from Leptonica (<c>liblept.so.5</c>, a dependency of libtesseract) used for deskewing.</summary>
internal static partial class LeptApi
{
    public const string Library = "liblept.so.5";

    [LibraryImport(Library)]
    public static partial nint pixCreate(int width, int height, int depth);

    [LibraryImport(Library)]
    public static partial void pixDestroy(ref nint pix);

    [LibraryImport(Library)]
    public static partial nint pixGetData(nint pix);

    [LibraryImport(Library)]
    public static partial int pixGetWpl(nint pix);

    [LibraryImport(Library)]
    public static partial int pixGetWidth(nint pix);

    [LibraryImport(Library)]
    public static partial int pixGetHeight(nint pix);

    [LibraryImport(Library)]
    public static partial int pixGetDepth(nint pix);

    /// <summary>JPEG read hints: luminance only (skips colour conversion), and fail on damaged data instead of warning.</summary>
    public const int JpegReadLuminance = 1;

    /// <inheritdoc cref="JpegReadLuminance"/>
    public const int JpegFailOnBadData = 2;

    /// <summary>Message severity that prints nothing.</summary>
    public const int SeverityNone = 6;

    [LibraryImport(Library)]
    public static unsafe partial nint pixReadMem(byte* data, nuint size);

    [LibraryImport(Library)]
    public static unsafe partial nint pixReadMemJpeg(byte* data, nuint size, int cmapFlag, int reduction, out int warnings, int hint);

    [LibraryImport(Library)]
    public static unsafe partial nint pixReadMemTiff(byte* data, nuint size, int page);

    /// <summary>Converts any depth (and colormaps) to 8-bit gray without colormap.</summary>
    [LibraryImport(Library)]
    public static partial nint pixConvertTo8(nint pixs, int cmapFlag);

    [LibraryImport(Library)]
    public static partial nint pixGetColormap(nint pix);

    /// <summary>Sets the process-wide level of Leptonica's stderr messages; returns the previous one.</summary>
    [LibraryImport(Library)]
    public static partial int setMsgSeverity(int severity);

    /// <summary>The gray level below which a pixel counts as ink when measuring skew (the value pixDeskew uses).</summary>
    public const int DefaultBinarizeThreshold = 130;

    /// <summary>Binarises an image into a new 1-bit image.</summary>
    [LibraryImport(Library)]
    public static partial nint pixConvertTo1(nint pixs, int threshold);

    /// <summary>Finds the skew of a 1-bit image in degrees; returns 0 on success.</summary>
    [LibraryImport(Library)]
    public static partial int pixFindSkew(nint pixs, out float angle, out float confidence);

    /// <summary>Rotates by <paramref name="angle"/> radians about the centre (type 1 = area map, incolor 1 = bring in white; 0, 0 = keep size).</summary>
    [LibraryImport(Library)]
    public static partial nint pixRotate(nint pixs, float angle, int type, int incolor, int width, int height);

    /// <summary>Scales an 8-bit image by area mapping (each new pixel the mean of the area it covers: the way to reduce a page without aliasing).</summary>
    [LibraryImport(Library)]
    public static partial nint pixScaleAreaMap(nint pix, float scaleX, float scaleY);

    public const int RotateAreaMap = 1;

    public const int BringInWhite = 1;
}
