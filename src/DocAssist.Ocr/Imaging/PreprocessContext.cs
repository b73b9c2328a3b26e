using ImageMagick;

namespace DocAssist.Ocr.Imaging;

/// <summary>One page on its way through the preprocessing steps: its current image (as a Magick image or gray bytes, converted on demand) and what was done to it.</summary>
/// <remarks>Not thread-safe; owned by the worker that processes the page. Disposing it disposes the Magick image it holds.</remarks>
public sealed class PreprocessContext : IDisposable
{
    private MagickImage? _magick;
    private GrayImage? _gray;

    /// <summary>Initializes a new instance of the <see cref="PreprocessContext"/> class around a decoded image.</summary>
    /// <param name="image">The decoded page; the context takes ownership.</param>
    /// <param name="dpi">The page's resolution, when known.</param>
    public PreprocessContext(MagickImage image, double? dpi)
    {
        ArgumentNullException.ThrowIfNull(image);
        _magick = image;
        Dpi = dpi;
    }

    /// <summary>Initializes a new instance of the <see cref="PreprocessContext"/> class around gray pixels.</summary>
    /// <param name="image">The page.</param>
    public PreprocessContext(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _gray = image;
        Dpi = image.Dpi;
    }

    /// <summary>Gets or sets the page's current resolution in DPI, or <see langword="null"/> when unknown.</summary>
    public double? Dpi { get; set; }

    /// <summary>Gets the current width in pixels.</summary>
    public int Width => _gray?.Width ?? (int)_magick!.Width;

    /// <summary>Gets the current height in pixels.</summary>
    public int Height => _gray?.Height ?? (int)_magick!.Height;

    /// <summary>Gets or sets how much the page was enlarged so far (1 = not at all); word boxes are divided by it to map back to the source image.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>Gets or sets the clockwise rotation in degrees applied so far (0, 90, 180, 270).</summary>
    public int Rotation { get; set; }

    /// <summary>Gets or sets the orientation detection result, when a step ran it.</summary>
    public OrientationResult? Orientation { get; set; }

    /// <summary>Gets or sets the skew angle in degrees corrected so far, when a step measured it.</summary>
    public double? SkewAngle { get; set; }

    /// <summary>Gets or sets the confidence of the skew measurement, when a step measured it.</summary>
    public double? SkewConfidence { get; set; }

    /// <summary>Gets or sets the angle in degrees the page was turned by to straighten it (Leptonica's sense: clockwise positive, about
    /// the image's centre, size kept); 0 when it was not. Word boxes are turned back by it to lie over the source image.</summary>
    public double Straightened { get; set; }

    /// <summary>Gets or sets the orientation detector of the current worker, or <see langword="null"/> when orientation is not detected.</summary>
    public OrientationDetector? OrientationDetector { get; set; }

    /// <summary>Gets the problems met that did not stop the page.</summary>
    public IList<string> Warnings { get; } = [];

    /// <summary>Gets or sets the token that abandons the page.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Gets the page as a Magick image, decoding the gray bytes into one if needed.</summary>
    /// <returns>The image; the context keeps ownership. Changes to it are seen by later steps.</returns>
    public MagickImage AsMagick()
    {
        if (_magick is null)
        {
            GrayImage gray = _gray!;
            var settings = new MagickReadSettings { Width = (uint)gray.Width, Height = (uint)gray.Height, Format = MagickFormat.Gray, Depth = 8 };
            _magick = new MagickImage(gray.Pixels.Span, settings);
            _gray = null;
        }
        else
        {
            // The caller may change the Magick image: any gray copy would go stale.
            _gray = null;
        }

        return _magick;
    }

    /// <summary>Gets the page as 8-bit gray bytes, converting the Magick image if needed.</summary>
    /// <returns>The gray image.</returns>
    public GrayImage AsGray()
    {
        if (_gray is null)
        {
            _gray = PageImageLoader.ToGray(_magick!, Dpi);
            _magick!.Dispose();
            _magick = null;
        }

        return _gray;
    }

    /// <summary>Replaces the page with new gray pixels.</summary>
    /// <param name="image">The new page.</param>
    public void SetGray(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _magick?.Dispose();
        _magick = null;
        _gray = image;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _magick?.Dispose();
        _magick = null;
        _gray = null;
    }
}
