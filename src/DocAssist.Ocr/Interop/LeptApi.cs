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

    /// <summary>Finds the skew of <paramref name="pixs"/> (any depth) and returns a deskewed copy, or a clone when the skew is negligible.</summary>
    [LibraryImport(Library)]
    public static partial nint pixDeskewGeneral(
        nint pixs, int redSweep, float sweepRange, float sweepDelta, int redSearch, int threshold, out float angle, out float confidence);
}
