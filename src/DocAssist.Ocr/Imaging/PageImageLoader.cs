using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Interop;
using ImageMagick;

namespace DocAssist.Ocr.Imaging;

/// <summary>Decodes page images with Magick.NET, refusing oversized ones before their pixels are decoded.</summary>
public static class PageImageLoader
{
    private const double CentimetresPerInch = 2.54;

    /// <summary>Initializes ImageMagick by decoding a built-in 1×1 PNG (see <see cref="OcrEnginePool.WarmUp"/>).</summary>
    internal static void WarmUp()
    {
        using var image = new MagickImage(Convert.FromBase64String(WarmUpPng));
    }

    // A 1×1 white 8-bit gray PNG.
    private const string WarmUpPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==";

    /// <summary>Decodes one frame of an encoded page image, checking its size from the header first.</summary>
    /// <param name="image">An encoded page image (not raw gray).</param>
    /// <param name="maxPixels">The largest width × height accepted.</param>
    /// <param name="source">The file name to put in error messages, when known.</param>
    /// <param name="warnings">Receives the decoder's warnings (e.g. a JPEG that ends early), when given.</param>
    /// <returns>The decoded frame, turned as its EXIF orientation says; the caller disposes it.</returns>
    /// <exception cref="DocumentFormatException">The image is corrupt, truncated, of an unknown format, or larger than <paramref name="maxPixels"/>.</exception>
    public static MagickImage Decode(PageImage image, long maxPixels, string? source = null, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsRawGray)
        {
            throw new ArgumentException("Raw gray pixels need no decoding; use ToGray.", nameof(image));
        }

        var settings = new MagickReadSettings { FrameIndex = (uint)image.Frame, FrameCount = 1 };
        var decoded = new MagickImage();
        try
        {
            CheckSize(PingPixels(image), maxPixels, image, source);
            if (warnings is not null)
            {
                decoded.Warning += (_, e) => warnings.Add($"{Describe(image, source)}: {FirstLine(e.Message)}");
            }

            decoded.Read(image.Data.Span, settings);
            if (decoded.Orientation is not (ImageMagick.Orientation.Undefined or ImageMagick.Orientation.TopLeft))
            {
                decoded.AutoOrient();
            }

            return decoded;
        }
        catch (MagickException ex)
        {
            decoded.Dispose();
            throw new DocumentFormatException($"{Describe(image, source)} cannot be decoded: {FirstLine(ex.Message)}", ex) { FilePath = source };
        }
        catch
        {
            decoded.Dispose();
            throw;
        }
    }

    /// <summary>Decodes one frame of an encoded page image straight to gray pixels, checking its size from the header first.</summary>
    /// <param name="image">An encoded page image (not raw gray).</param>
    /// <param name="maxPixels">The largest width × height accepted.</param>
    /// <param name="source">The file name to put in error messages, when known.</param>
    /// <param name="warnings">Receives the decoder's warnings, when given.</param>
    /// <returns>The gray page (or, for the few files Leptonica cannot read or that need turning per EXIF, the Magick image to convert) and its resolution.</returns>
    /// <remarks>
    /// Magick reads the header (size, resolution, EXIF orientation). The pixels of the common formats are decoded by Leptonica, which
    /// reads a JPEG's luminance channel directly: 4 to 10 times faster here than decoding to colour with Magick and converting to gray.
    /// </remarks>
    /// <exception cref="DocumentFormatException">The image is corrupt, truncated, of an unknown format, or larger than <paramref name="maxPixels"/>.</exception>
    public static DecodedPage DecodePage(PageImage image, long maxPixels, string? source = null, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.IsRawGray)
        {
            GrayImage raw = FromRawGray(image, maxPixels, source);
            return new DecodedPage(raw, null, raw.Dpi);
        }

        IMagickImage<byte> header;
        try
        {
            header = PingFrame(image);
        }
        catch (MagickException ex)
        {
            throw new DocumentFormatException($"{Describe(image, source)} cannot be decoded: {FirstLine(ex.Message)}", ex) { FilePath = source };
        }

        using (header)
        {
            CheckSize((long)header.Width * header.Height, maxPixels, image, source);
            double? dpi = image.Dpi ?? StatedDpi(header);
            bool upright = header.Orientation is ImageMagick.Orientation.Undefined or ImageMagick.Orientation.TopLeft;
            MagickFormat format = header.Format;
            if (upright && LeptonicaReads(format))
            {
                using LeptPixHandle? pix = LeptPixHandle.TryDecodeGray(
                    image.Data.Span, format is MagickFormat.Jpeg or MagickFormat.Jpg, format is MagickFormat.Tiff or MagickFormat.Tif, image.Frame);
                if (pix is not null)
                {
                    GrayImage gray = pix.ToGray(dpi);
                    if (gray.Width == header.Width && gray.Height == header.Height)
                    {
                        return new DecodedPage(gray, null, dpi);
                    }
                }
            }

            // Damaged files, EXIF-turned photos and rarer formats: Magick decodes them, or says precisely what is wrong.
            return new DecodedPage(null, Decode(image, maxPixels, source, warnings), dpi);
        }
    }

    /// <summary>Turns raw gray page pixels into a <see cref="GrayImage"/> without copying, after checking the size.</summary>
    /// <param name="image">A raw gray page image.</param>
    /// <param name="maxPixels">The largest width × height accepted.</param>
    /// <param name="source">The file name to put in error messages, when known.</param>
    /// <returns>A view over the page's bytes.</returns>
    /// <exception cref="DocumentFormatException">The sizes do not match the data, or the image is larger than <paramref name="maxPixels"/>.</exception>
    public static GrayImage FromRawGray(PageImage image, long maxPixels, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckSize((long)image.Width * image.Height, maxPixels, image, source);
        if (image.Width <= 0 || image.Height <= 0 || image.Data.Length != (long)image.Width * image.Height)
        {
            throw new DocumentFormatException(
                $"{Describe(image, source)}: raw gray image of {image.Width}×{image.Height} pixels carries {image.Data.Length} bytes.")
            { FilePath = source };
        }

        return new GrayImage(image.Data, image.Width, image.Height, image.Dpi);
    }

    /// <summary>Converts a decoded image to 8-bit gray bytes (grayscale, depth 8).</summary>
    /// <param name="image">The image; it is turned to grayscale in place.</param>
    /// <param name="dpi">The resolution to record.</param>
    /// <returns>The gray image.</returns>
    public static GrayImage ToGray(MagickImage image, double? dpi)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ColorSpace != ColorSpace.Gray || image.Depth != 8)
        {
            image.Grayscale();
            image.Depth = 8;
        }

        byte[] pixels = image.ToByteArray(MagickFormat.Gray);
        return new GrayImage(pixels, (int)image.Width, (int)image.Height, dpi);
    }

    /// <summary>Reads the resolution an image file states, converting pixels per centimetre to dots per inch.</summary>
    /// <param name="image">A decoded or pinged image.</param>
    /// <returns>The vertical resolution in DPI, or <see langword="null"/> when the file states none.</returns>
    public static double? StatedDpi(IMagickImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return StatedDpi(image.Density);
    }

    /// <summary>Converts a stated density to dots per inch.</summary>
    /// <param name="density">The density from an image header (e.g. <see cref="IMagickImageInfo.Density"/>).</param>
    /// <returns>The vertical resolution in DPI, or <see langword="null"/> when none is stated.</returns>
    public static double? StatedDpi(Density? density)
    {
        if (density is null)
        {
            return null;
        }

        double value = density.Y > 0 ? density.Y : density.X;
        if (value <= 1)
        {
            return null;
        }

        return density.Units switch
        {
            DensityUnit.PixelsPerCentimeter => value * CentimetresPerInch,
            DensityUnit.PixelsPerInch => value,

            // A JFIF header without units usually only states the aspect ratio (1:1); a larger value comes from EXIF.
            _ => value >= 50 ? value : null,
        };
    }

    private static long PingPixels(PageImage image)
    {
        using IMagickImage<byte> frame = PingFrame(image);
        return (long)frame.Width * frame.Height;
    }

    private static IMagickImage<byte> PingFrame(PageImage image)
    {
        if (image.Frame == 0)
        {
            var first = new MagickImage();
            try
            {
                first.Ping(image.Data.Span, new MagickReadSettings { FrameIndex = 0, FrameCount = 1 });
                return first;
            }
            catch
            {
                first.Dispose();
                throw;
            }
        }

        // ImageMagick cannot ping a later TIFF frame on its own ("NegativeOrZeroImageSize"); pinging the frames up to it works
        // and still reads headers only.
        using var frames = new MagickImageCollection();
        frames.Ping(image.Data.Span, new MagickReadSettings { FrameIndex = 0, FrameCount = (uint)image.Frame + 1 });
        if (frames.Count <= image.Frame)
        {
            throw new MagickCorruptImageErrorException($"the image has {frames.Count} frame(s), frame {image.Frame + 1} was asked for");
        }

        return frames[image.Frame].Clone();
    }

    private static bool LeptonicaReads(MagickFormat format) => format is MagickFormat.Jpeg or MagickFormat.Jpg or MagickFormat.Png
        or MagickFormat.Tiff or MagickFormat.Tif or MagickFormat.Bmp or MagickFormat.Gif or MagickFormat.WebP;

    private static void CheckSize(long pixels, long maxPixels, PageImage image, string? source)
    {
        if (pixels > maxPixels)
        {
            throw new DocumentFormatException(
                $"{Describe(image, source)} has {pixels:N0} pixels, more than the limit of {maxPixels:N0}; it was not decoded (raise the limit with {Settings.Mention(Settings.MaxImagePixels)}).")
            {
                FilePath = source,
            };
        }
    }

    private static string Describe(PageImage image, string? source)
    {
        string name = source is null ? image.Origin : Path.GetFileName(source);
        return image.Frame > 0 ? $"{name} (frame {image.Frame + 1})" : name;
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }
}
