using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Imports from Tesseract's C API (<c>capi.h</c>) in <c>libtesseract.so.5</c>.</summary>
/// <remarks>
/// Tesseract's <c>BOOL</c> is a C <c>int</c>; the cancel callback returns a C++ <c>bool</c> (one byte).
/// Functions that create native objects return raw pointers; only the <c>Create</c> factories of the handle types call them,
/// so every object is owned by a counted <see cref="System.Runtime.InteropServices.SafeHandle"/> and
/// <see cref="NativeEnvironment.EnsureInitialized"/> runs before the first engine exists.
/// </remarks>
internal static partial class TessApi
{
    public const string Library = "libtesseract.so.5";

    /// <summary>OEM 0: the legacy engine (needed by <c>osd</c>).</summary>
    public const int OemTesseractOnly = 0;

    /// <summary>OEM 1: the LSTM engine.</summary>
    public const int OemLstmOnly = 1;

    /// <summary>PSM 0: orientation and script detection only.</summary>
    public const int PsmOsdOnly = 0;

    /// <summary>PSM 3: fully automatic page segmentation without OSD (the CLI's default).</summary>
    public const int PsmAuto = 3;

    /// <summary>Iterator level of words.</summary>
    public const int RilWord = 3;

    [LibraryImport(Library)]
    public static partial nint TessBaseAPICreate();

    [LibraryImport(Library)]
    public static partial void TessBaseAPIDelete(nint handle);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIEnd(nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit2(TessBaseApiHandle handle, string dataPath, string language, int oem);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle handle, int mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(TessBaseApiHandle handle, string name, string value);

    [LibraryImport(Library)]
    public static unsafe partial void TessBaseAPISetImage(
        TessBaseApiHandle handle, byte* imageData, int width, int height, int bytesPerPixel, int bytesPerLine);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle handle, int ppi);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIRecognize(TessBaseApiHandle handle, TessMonitorHandle monitor);

    [LibraryImport(Library)]
    public static partial nint TessBaseAPIGetUTF8Text(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIMeanTextConf(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIClear(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial nint TessBaseAPIGetIterator(TessBaseApiHandle handle);

    /// <summary>Runs OSD on the current image; <paramref name="scriptName"/> points into the engine's unicharset and must not be freed.</summary>
    [LibraryImport(Library)]
    public static unsafe partial int TessBaseAPIDetectOrientationScript(
        TessBaseApiHandle handle, out int orientDeg, out float orientConf, out nint scriptName, out float scriptConf);

    [LibraryImport(Library)]
    public static partial void TessDeleteText(nint text);

    [LibraryImport(Library)]
    public static partial nint TessMonitorCreate();

    [LibraryImport(Library)]
    public static partial void TessMonitorDelete(nint monitor);

    [LibraryImport(Library)]
    public static unsafe partial void TessMonitorSetCancelFunc(TessMonitorHandle monitor, delegate* unmanaged[Cdecl]<nint, int, byte> cancelFunc);

    [LibraryImport(Library)]
    public static partial void TessMonitorSetCancelThis(TessMonitorHandle monitor, nint cancelThis);

    [LibraryImport(Library)]
    public static partial void TessMonitorSetDeadlineMSecs(TessMonitorHandle monitor, int deadline);

    [LibraryImport(Library)]
    public static partial void TessResultIteratorDelete(nint iterator);

    [LibraryImport(Library)]
    public static partial nint TessResultIteratorGetPageIterator(TessResultIteratorHandle iterator);

    [LibraryImport(Library)]
    public static partial int TessPageIteratorBoundingBox(nint pageIterator, int level, out int left, out int top, out int right, out int bottom);

    [LibraryImport(Library)]
    public static partial nint TessResultIteratorGetUTF8Text(TessResultIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial float TessResultIteratorConfidence(TessResultIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial int TessResultIteratorNext(TessResultIteratorHandle iterator, int level);
}
