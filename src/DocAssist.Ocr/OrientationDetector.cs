using System.Runtime.InteropServices;
using DocAssist.Core.Errors;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr;

/// <summary>Detects which way up a page is and which script it is written in, with Tesseract's legacy <c>osd</c> model (OEM 0, page segmentation mode 0).</summary>
/// <remarks>
/// Thread-safe: calls take turns, so one detector can serve every OCR thread of a pool. The model is loaded on first use, not in the
/// constructor: a run without a page of text never pays its 30 MB or its load time. Owns native memory: dispose it.
/// </remarks>
public sealed class OrientationDetector : IDisposable
{
    /// <summary>The language data file the detector needs.</summary>
    public const string OsdLanguage = "osd";

    private readonly string _tessdataPath;
    private readonly Lock _gate = new();
    private TessBaseApiHandle? _api;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="OrientationDetector"/> class.</summary>
    /// <param name="tessdataPath">The folder holding <c>osd.traineddata</c>.</param>
    /// <exception cref="ConfigException"><c>osd.traineddata</c> is missing.</exception>
    public OrientationDetector(string tessdataPath)
    {
        ArgumentNullException.ThrowIfNull(tessdataPath);
        _tessdataPath = Path.GetFullPath(tessdataPath);

        // The file is checked now; the model (about 30 MB in memory) is loaded by the first page that needs it.
        TessdataLocator.EnsureLanguages(_tessdataPath, OsdLanguage);
    }

    /// <summary>Detects the orientation of a gray page.</summary>
    /// <param name="image">The page.</param>
    /// <returns>The clockwise rotation that makes the page upright and how sure the model is; <see cref="OrientationResult.None"/> when the page has too little text to tell.</returns>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    /// <exception cref="ConfigException">The <c>osd</c> model cannot be loaded (first call only).</exception>
    public OrientationResult Detect(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);

        // One detector serves every OCR thread of a pool. Every page with text is checked for its script, but a detection costs a
        // fraction of the page's recognition, so threads seldom wait here; one model per thread would cost 30 MB each.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _api ??= TessSession.CreateInitialized(_tessdataPath, OsdLanguage, TessApi.OemTesseractOnly, TessApi.PsmOsdOnly);
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
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _api?.Dispose();
            }
        }
    }
}
