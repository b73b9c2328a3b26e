using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Pdf;
using ImageMagick;

namespace DocAssist.App.Extraction;

/// <summary>The original images of an image file's pages, for its searchable PDF: the file's own bytes where a PDF can carry them as they
/// are (a one-frame JPEG or PNG), and otherwise the frame decoded at its own depth.</summary>
/// <remarks>Not thread-safe. The file is read once; each frame's pixels are decoded only when the writer asks for them.</remarks>
internal sealed class OriginalPageImages
{
    private readonly string _path;
    private readonly long _maxPixels;
    private byte[]? _data;
    private IReadOnlyList<IMagickImageInfo>? _frames;

    public OriginalPageImages(string path, long maxPixels)
    {
        _path = path;
        _maxPixels = maxPixels;
    }

    /// <summary>Gets the original image of a page (frame <paramref name="pageNumber"/> − 1), or <see langword="null"/> when the file
    /// cannot even be read.</summary>
    public PageImageSource? For(int pageNumber)
    {
        int frame = pageNumber - 1;
        try
        {
            _data ??= File.ReadAllBytes(_path);
            _frames ??= [.. MagickImageInfo.ReadCollection(_data)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MagickException or ArgumentException)
        {
            return null;
        }

        if (frame < 0 || frame >= _frames.Count)
        {
            return null;
        }

        byte[] data = _data;
        IMagickImageInfo info = _frames[frame];
        var page = new PageImage { Data = data, Frame = frame, Origin = Path.GetFileName(_path) };
        Density? density = info.Density;
        double? dpiY = PageImageLoader.StatedDpi(density);
        double? dpiX = density is { X: > 0 } && dpiY is not null ? dpiY * density.X / (density.Y > 0 ? density.Y : density.X) : dpiY;
        int rotation = 0;
        bool asItIs = _frames.Count == 1 && info.Format is MagickFormat.Jpeg or MagickFormat.Jpg or MagickFormat.Png or MagickFormat.Png8
            or MagickFormat.Png24 or MagickFormat.Png32 or MagickFormat.Png48 or MagickFormat.Png64 or MagickFormat.Png00;
        (int width, int height) = ((int)info.Width, (int)info.Height);
        if (asItIs && info.Format is MagickFormat.Jpeg or MagickFormat.Jpg)
        {
            // A photo's EXIF orientation: a turn can be left to the PDF page (/Rotate); a mirror image has to be decoded.
            rotation = ExifRotation(data);
            asItIs = rotation >= 0;
            if (rotation is 90 or 270)
            {
                (width, height) = (height, width);
            }
        }

        return new PageImageSource
        {
            Encoded = asItIs ? data : ReadOnlyMemory<byte>.Empty,
            EncodedRotation = Math.Max(0, rotation),
            StatedDpi = dpiX is { } x && dpiY is { } y ? (x, y) : null,
            Width = width,
            Height = height,
            Decode = () => Decode(page),
        };
    }

    // The clockwise turn EXIF asks for; −1 for a mirror image.
    private static int ExifRotation(byte[] data)
    {
        using var header = new MagickImage();
        header.Ping(data);
        return header.Orientation switch
        {
            Orientation.RightTop => 90,
            Orientation.BottomRight => 180,
            Orientation.LeftBottom => 270,
            Orientation.Undefined or Orientation.TopLeft => 0,
            _ => -1,
        };
    }

    private PageRaster Decode(PageImage page)
    {
        try
        {
            return ToRaster(page);
        }
        catch (MagickException ex)
        {
            throw new DocumentFormatException($"{Path.GetFileName(_path)} (frame {page.Frame + 1}) cannot be decoded: {ex.Message.Split('\n')[0]}", ex) { FilePath = _path };
        }
    }

    private PageRaster ToRaster(PageImage page)
    {
        using MagickImage image = PageImageLoader.Decode(page, _maxPixels, _path);
        if (image.HasAlpha)
        {
            // Scans have no use for transparency: what shows through is white paper.
            image.BackgroundColor = MagickColors.White;
            image.Alpha(AlphaAction.Remove);
        }

        (int width, int height) = ((int)image.Width, (int)image.Height);
        if (image.ColorType == ColorType.Bilevel || (image.Depth == 1 && image.ColorSpace == ColorSpace.Gray))
        {
            // At depth 1 Magick packs the gray bytes itself; one byte a pixel first, then packed here with a known layout.
            image.Depth = 8;
            return new PageRaster(width, height, 1, 1, PackBits(image.ToByteArray(MagickFormat.Gray), width, height));
        }

        if (image.ColorSpace == ColorSpace.Gray || image.ColorType is ColorType.Grayscale or ColorType.GrayscaleAlpha)
        {
            return new PageRaster(width, height, 1, 8, image.ToByteArray(MagickFormat.Gray));
        }

        if (image.ColorSpace == ColorSpace.CMYK)
        {
            return new PageRaster(width, height, 4, 8, image.ToByteArray(MagickFormat.Cmyk));
        }

        if (image.ColorSpace != ColorSpace.sRGB)
        {
            image.ColorSpace = ColorSpace.sRGB;
        }

        return new PageRaster(width, height, 3, 8, image.ToByteArray(MagickFormat.Rgb));
    }

    // One bit a pixel, most significant first, each row from a new byte, 1 for white (as PDF's DeviceGray reads it).
    private static byte[] PackBits(byte[] gray, int width, int height)
    {
        if (gray.Length < (long)width * height)
        {
            throw new DocumentFormatException($"a bilevel frame of {width}×{height} pixels decoded to {gray.Length} bytes.");
        }

        int stride = (width + 7) / 8;
        var packed = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            int row = y * width, to = y * stride;
            for (int x = 0; x < width; x++)
            {
                if (gray[row + x] >= 128)
                {
                    packed[to + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        return packed;
    }
}
