using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr.Imaging;

/// <summary>Straightens a slightly tilted page with Leptonica's skew finder (<c>pixDeskewGeneral</c>: binarise, sweep and search at reduced size, rotate).</summary>
/// <remarks>About ten times cheaper than Magick's Deskew here; angles under 0.1° or found with low confidence are left alone.</remarks>
public sealed class DeskewStep : IPreprocessStep
{
    /// <inheritdoc/>
    public string Name => "deskew";

    /// <inheritdoc/>
    public void Apply(PreprocessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GrayImage page = context.AsGray();
        using LeptPixHandle source = LeptPixHandle.FromGray(page);
        using LeptPixHandle result = LeptPixHandle.Own(
            LeptApi.pixDeskewGeneral(source.Pointer, 0, 0f, 0f, 0, 0, out float angle, out float confidence), "pixDeskewGeneral");
        GC.KeepAlive(source);
        if (result.Pointer == source.Pointer)
        {
            // Leptonica found no skew worth correcting and returned a clone.
            context.SkewAngle = 0;
            return;
        }

        context.SetGray(result.ToGray(page.Dpi));
        context.SkewAngle = angle;
        _ = confidence;
    }
}
