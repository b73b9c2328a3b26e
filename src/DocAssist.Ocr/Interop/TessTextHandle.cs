using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Owns a string Tesseract allocated; releasing it calls <c>TessDeleteText</c> (never <c>free</c> or <c>FreeHGlobal</c>).</summary>
internal sealed class TessTextHandle : SafeHandle
{
    /// <summary>Initializes a new instance of the <see cref="TessTextHandle"/> class that owns nothing yet.</summary>
    public TessTextHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Takes ownership of a Tesseract string, copies it into a managed string and frees it.</summary>
    /// <param name="raw">The pointer Tesseract returned; may be null.</param>
    /// <returns>The UTF-8 decoded text; empty for a null pointer.</returns>
    public static string TakeString(nint raw)
    {
        if (raw == nint.Zero)
        {
            return string.Empty;
        }

        using var owner = new TessTextHandle();
        owner.SetHandle(raw);
        NativeHandleCounter.Increment();
        return Marshal.PtrToStringUTF8(raw) ?? string.Empty;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TessApi.TessDeleteText(handle);
        NativeHandleCounter.Decrement();
        return true;
    }
}
