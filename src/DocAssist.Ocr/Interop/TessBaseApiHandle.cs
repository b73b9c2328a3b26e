using System.Runtime.InteropServices;
using DocAssist.Core.Errors;

namespace DocAssist.Ocr.Interop;

/// <summary>Owns one <c>TessBaseAPI</c>; releasing it calls <c>TessBaseAPIEnd</c> then <c>TessBaseAPIDelete</c>.</summary>
internal sealed class TessBaseApiHandle : SafeHandle
{
    /// <summary>Initializes a new instance of the <see cref="TessBaseApiHandle"/> class that owns nothing yet.</summary>
    public TessBaseApiHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Creates an engine object (not yet initialised).</summary>
    /// <returns>The owned handle.</returns>
    /// <exception cref="OcrException">Tesseract returned no object.</exception>
    public static TessBaseApiHandle Create()
    {
        NativeEnvironment.EnsureInitialized();
        var owner = new TessBaseApiHandle();
        nint raw = TessApi.TessBaseAPICreate();
        if (raw == nint.Zero)
        {
            throw new OcrException("Tesseract could not create an engine (TessBaseAPICreate returned null).");
        }

        owner.SetHandle(raw);
        NativeHandleCounter.Increment();
        return owner;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TessApi.TessBaseAPIEnd(handle);
        TessApi.TessBaseAPIDelete(handle);
        NativeHandleCounter.Decrement();
        return true;
    }
}
