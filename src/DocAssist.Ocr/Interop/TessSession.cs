using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Ocr.Imaging;

namespace DocAssist.Ocr.Interop;

/// <summary>The steps every engine shares: create, silence, initialise, hand over an image.</summary>
internal static class TessSession
{
    /// <summary>The lowest and highest resolutions Tesseract believes; outside them it estimates one from the text size.</summary>
    public const int MinCredibleDpi = 70;

    /// <inheritdoc cref="MinCredibleDpi"/>
    public const int MaxCredibleDpi = 2400;

    /// <summary>Creates an engine initialised with the given language data, engine mode and page segmentation mode.</summary>
    /// <exception cref="ConfigException">A language file is missing or Tesseract refuses to initialise.</exception>
    public static TessBaseApiHandle CreateInitialized(string tessdataPath, string languages, int oem, int pageSegMode)
    {
        TessdataLocator.EnsureLanguages(tessdataPath, languages);
        TessBaseApiHandle api = TessBaseApiHandle.Create();
        try
        {
            // Tesseract writes warnings ("Estimating resolution as …") to stderr unless told otherwise.
            _ = TessApi.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
            int rc = TessApi.TessBaseAPIInit2(api, tessdataPath, languages, oem);
            if (rc != 0)
            {
                throw new ConfigException(
                    $"Tesseract could not load language '{languages}' (engine mode {oem}) from '{tessdataPath}' (error {rc}); "
                    + "the .traineddata file may be damaged or of the wrong kind.")
                {
                    KeyPath = Settings.Tessdata,
                };
            }

            TessApi.TessBaseAPISetPageSegMode(api, pageSegMode);
            return api;
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    /// <summary>Gives the engine a gray image (Tesseract copies the pixels) and its resolution when credible.</summary>
    public static unsafe void SetImage(TessBaseApiHandle api, ReadOnlySpan<byte> gray, int width, int height, double? dpi)
    {
        fixed (byte* pixels = gray)
        {
            TessApi.TessBaseAPISetImage(api, pixels, width, height, 1, width);
        }

        if (dpi is { } d && d >= MinCredibleDpi && d <= MaxCredibleDpi)
        {
            TessApi.TessBaseAPISetSourceResolution(api, (int)Math.Round(d));
        }
    }

    /// <summary>Checks that a gray buffer matches its stated size.</summary>
    public static void ValidateImage(ReadOnlySpan<byte> gray, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (gray.Length < (long)width * height)
        {
            throw new ArgumentException($"A {width}×{height} gray image needs {(long)width * height} bytes, got {gray.Length}.", nameof(gray));
        }
    }

    /// <summary>Gets the gray pixels of an image as a span.</summary>
    public static ReadOnlySpan<byte> Span(GrayImage image) => image.Pixels.Span;
}
