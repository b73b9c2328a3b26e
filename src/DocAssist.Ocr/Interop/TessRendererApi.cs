using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Imports of Tesseract's result renderers from its C API (<c>capi.h</c>): the PDF renderer writes a page image with the recognised text as an invisible layer.</summary>
/// <remarks>Only <see cref="TessResultRendererHandle"/> calls the create and delete functions, so every renderer is owned by a counted handle.</remarks>
internal static partial class TessRendererApi
{
    /// <summary>Creates a PDF renderer that writes <c><paramref name="outputBase"/>.pdf</c>; <paramref name="dataDir"/> must hold <c>pdf.ttf</c>.</summary>
    [LibraryImport(TessApi.Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint TessPDFRendererCreate(string outputBase, string dataDir, int textOnly);

    /// <summary>Deletes a renderer; this closes its output file.</summary>
    [LibraryImport(TessApi.Library)]
    public static partial void TessDeleteResultRenderer(nint renderer);

    [LibraryImport(TessApi.Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessResultRendererBeginDocument(TessResultRendererHandle renderer, string title);

    /// <summary>Adds the engine's current image and recognition results as one page.</summary>
    [LibraryImport(TessApi.Library)]
    public static partial int TessResultRendererAddImage(TessResultRendererHandle renderer, TessBaseApiHandle api);

    [LibraryImport(TessApi.Library)]
    public static partial int TessResultRendererEndDocument(TessResultRendererHandle renderer);

    [LibraryImport(TessApi.Library)]
    public static partial int TessBaseAPIGetSourceYResolution(TessBaseApiHandle api);
}
