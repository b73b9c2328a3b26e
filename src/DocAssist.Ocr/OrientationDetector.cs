using System.Runtime.InteropServices;
using DocAssist.Core.Errors;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr;

/// <summary>Detects which way up a page is, with Tesseract's legacy <c>osd</c> model (OEM 0, page segmentation mode 0).</summary>
/// <remarks>Not thread-safe: one detector per thread. Owns native memory: dispose it.</remarks>
public sealed class OrientationDetector : IDisposable
{
    /// <summary>The language data file the detector needs.</summary>
    public const string OsdLanguage = "osd";

    private readonly TessBaseApiHandle _api;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="OrientationDetector"/> class.</summary>
    /// <param name="tessdataPath">The folder holding <c>osd.traineddata</c>.</param>
    /// <exception cref="ConfigException"><c>osd.traineddata</c> is missing or cannot be loaded.</exception>
    public OrientationDetector(string tessdataPath)
    {
        ArgumentNullException.ThrowIfNull(tessdataPath);
        _api = TessSession.CreateInitialized(Path.GetFullPath(tessdataPath), OsdLanguage, TessApi.OemTesseractOnly, TessApi.PsmOsdOnly);
    }

    /// <summary>Detects the orientation of a gray page.</summary>
    /// <param name="image">The page.</param>
    /// <returns>The clockwise rotation that makes the page upright and how sure the model is; <see cref="OrientationResult.None"/> when the page has too little text to tell.</returns>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    public OrientationResult Detect(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        TessSession.SetImage(_api, image.Pixels.Span, image.Width, image.Height, image.Dpi);
        try
        {
            if (TessApi.TessBaseAPIDetectOrientationScript(_api, out int orientation, out float confidence, out nint script, out float scriptConfidence) == 0)
            {
                return OrientationResult.None;
            }

            // Tesseract reports how far the page is turned clockwise ("Orientation in degrees"); undoing it takes the
            // complement (its "Rotate"). Measured: a page turned 90° to the left reads 270 here and needs 90° clockwise.
            int rotation = (360 - (((orientation % 360) + 360) % 360)) % 360;
            return new OrientationResult(rotation, confidence, Marshal.PtrToStringUTF8(script) ?? string.Empty, scriptConfidence);
        }
        finally
        {
            TessApi.TessBaseAPIClear(_api);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _api.Dispose();
        }
    }
}
