namespace DocAssist.Ocr.Imaging;

/// <summary>Turns the page into one 8-bit gray channel, so later Magick steps work on a third of the data.</summary>
public sealed class GrayscaleStep : IPreprocessStep
{
    /// <inheritdoc/>
    public string Name => "grayscale";

    /// <inheritdoc/>
    public void Apply(PreprocessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = context.AsGray();
    }
}
