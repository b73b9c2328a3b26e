using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Owns one <c>TessResultIterator</c>; valid only until the engine recognises or clears again.</summary>
internal sealed class TessResultIteratorHandle : SafeHandle
{
    /// <summary>Initializes a new instance of the <see cref="TessResultIteratorHandle"/> class that owns nothing yet.</summary>
    public TessResultIteratorHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Gets an iterator over the engine's last result.</summary>
    /// <param name="api">An engine that has recognised a page.</param>
    /// <returns>The owned iterator, or <see langword="null"/> when the page has no result (e.g. a blank page).</returns>
    public static TessResultIteratorHandle? Create(TessBaseApiHandle api)
    {
        nint raw = TessApi.TessBaseAPIGetIterator(api);
        if (raw == nint.Zero)
        {
            return null;
        }

        var owner = new TessResultIteratorHandle();
        owner.SetHandle(raw);
        NativeHandleCounter.Increment();
        return owner;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TessApi.TessResultIteratorDelete(handle);
        NativeHandleCounter.Decrement();
        return true;
    }
}
