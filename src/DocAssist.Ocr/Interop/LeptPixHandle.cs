using System.Buffers.Binary;
using System.Runtime.InteropServices;
using DocAssist.Core.Errors;
using DocAssist.Ocr.Imaging;

namespace DocAssist.Ocr.Interop;

/// <summary>Owns one Leptonica <c>PIX</c>; releasing it calls <c>pixDestroy</c> (which drops one reference of a cloned image).</summary>
internal sealed class LeptPixHandle : SafeHandle
{
    /// <summary>Initializes a new instance of the <see cref="LeptPixHandle"/> class that owns nothing yet.</summary>
    public LeptPixHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Gets the raw pointer, for comparing a result with its source.</summary>
    public nint Pointer => handle;

    /// <summary>Takes ownership of a <c>PIX</c> Leptonica returned.</summary>
    /// <exception cref="OcrException">The pointer is null.</exception>
    public static LeptPixHandle Own(nint raw, string operation)
    {
        if (raw == nint.Zero)
        {
            throw new OcrException($"Leptonica's {operation} returned no image.");
        }

        var owner = new LeptPixHandle();
        owner.SetHandle(raw);
        NativeHandleCounter.Increment();
        return owner;
    }

    /// <summary>Copies gray pixels into a new 8-bit <c>PIX</c>.</summary>
    public static unsafe LeptPixHandle FromGray(GrayImage image)
    {
        NativeEnvironment.EnsureInitialized();
        LeptPixHandle pix = Own(LeptApi.pixCreate(image.Width, image.Height, 8), "pixCreate");
        int wpl = LeptApi.pixGetWpl(pix.handle);
        uint* data = (uint*)LeptApi.pixGetData(pix.handle);
        ReadOnlySpan<byte> src = image.Pixels.Span;
        for (int y = 0; y < image.Height; y++)
        {
            var row = new Span<uint>(data + ((long)y * wpl), wpl);
            src.Slice(y * image.Width, image.Width).CopyTo(MemoryMarshal.AsBytes(row));
            SwapToLeptonicaOrder(row);
        }

        return pix;
    }

    /// <summary>Copies an 8-bit <c>PIX</c> out into gray pixels.</summary>
    public unsafe GrayImage ToGray(double? dpi)
    {
        int width = LeptApi.pixGetWidth(handle);
        int height = LeptApi.pixGetHeight(handle);
        if (LeptApi.pixGetDepth(handle) != 8)
        {
            throw new OcrException("Leptonica returned an image that is not 8-bit gray.");
        }

        int wpl = LeptApi.pixGetWpl(handle);
        uint* data = (uint*)LeptApi.pixGetData(handle);
        byte[] pixels = GC.AllocateUninitializedArray<byte>(width * height);
        uint[] scratch = new uint[wpl];
        for (int y = 0; y < height; y++)
        {
            new ReadOnlySpan<uint>(data + ((long)y * wpl), wpl).CopyTo(scratch);
            SwapToLeptonicaOrder(scratch);
            MemoryMarshal.AsBytes(scratch.AsSpan()).Slice(0, width).CopyTo(pixels.AsSpan(y * width, width));
        }

        return new GrayImage(pixels, width, height, dpi);
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        nint pix = handle;
        LeptApi.pixDestroy(ref pix);
        NativeHandleCounter.Decrement();
        return true;
    }

    // Leptonica keeps pixels in 32-bit words with the first pixel in the most significant byte.
    private static void SwapToLeptonicaOrder(Span<uint> words)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
