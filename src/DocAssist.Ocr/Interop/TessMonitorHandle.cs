using System.Runtime.InteropServices;
using DocAssist.Core.Errors;

namespace DocAssist.Ocr.Interop;

/// <summary>Owns one <c>ETEXT_DESC</c> progress monitor, through which a running recognition is cancelled or given a deadline.</summary>
internal sealed class TessMonitorHandle : SafeHandle
{
    /// <summary>Initializes a new instance of the <see cref="TessMonitorHandle"/> class that owns nothing yet.</summary>
    public TessMonitorHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Creates a monitor.</summary>
    /// <returns>The owned monitor.</returns>
    /// <exception cref="OcrException">Tesseract returned no object.</exception>
    public static TessMonitorHandle Create()
    {
        NativeEnvironment.EnsureInitialized();
        var owner = new TessMonitorHandle();
        nint raw = TessApi.TessMonitorCreate();
        if (raw == nint.Zero)
        {
            throw new OcrException("Tesseract could not create a progress monitor (TessMonitorCreate returned null).");
        }

        owner.SetHandle(raw);
        NativeHandleCounter.Increment();
        return owner;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TessApi.TessMonitorDelete(handle);
        NativeHandleCounter.Decrement();
        return true;
    }
}
