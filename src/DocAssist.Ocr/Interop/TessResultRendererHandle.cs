using System.Runtime.InteropServices;
using DocAssist.Core.Errors;

namespace DocAssist.Ocr.Interop;

/// <summary>Owns one <c>TessResultRenderer</c>; releasing it calls <c>TessDeleteResultRenderer</c>, which closes the output file.</summary>
internal sealed class TessResultRendererHandle : SafeHandle
{
    /// <summary>Initializes a new instance of the <see cref="TessResultRendererHandle"/> class that owns nothing yet.</summary>
    public TessResultRendererHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Creates a PDF renderer writing <c><paramref name="outputBase"/>.pdf</c>.</summary>
    /// <param name="outputBase">The output path without its <c>.pdf</c> extension.</param>
    /// <param name="dataDir">The folder holding <c>pdf.ttf</c> (the glyphless font of the invisible text).</param>
    /// <returns>The owned renderer.</returns>
    /// <exception cref="OcrException">Tesseract returned no renderer.</exception>
    public static TessResultRendererHandle CreatePdf(string outputBase, string dataDir)
    {
        NativeEnvironment.EnsureInitialized();
        var owner = new TessResultRendererHandle();
        nint raw = TessRendererApi.TessPDFRendererCreate(outputBase, dataDir, textOnly: 0);
        if (raw == nint.Zero)
        {
            throw new OcrException($"Tesseract could not create a PDF renderer for '{outputBase}.pdf'.");
        }

        owner.SetHandle(raw);
        NativeHandleCounter.Increment();
        return owner;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TessRendererApi.TessDeleteResultRenderer(handle);
        NativeHandleCounter.Decrement();
        return true;
    }
}
