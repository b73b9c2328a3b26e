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

    /// <summary>Decodes an encoded image (JPEG as luminance only; TIFF frame <paramref name="frame"/>) and converts it to 8-bit gray.</summary>
    /// <returns>The gray image, or <see langword="null"/> when Leptonica cannot read it (the caller falls back to Magick).</returns>
    public static unsafe LeptPixHandle? TryDecodeGray(ReadOnlySpan<byte> data, bool isJpeg, bool isTiff, int frame)
    {
        NativeEnvironment.EnsureInitialized();
        nint raw;
        fixed (byte* p = data)
        {
            raw = isJpeg ? LeptApi.pixReadMemJpeg(p, (nuint)data.Length, 0, 1, out _, LeptApi.JpegReadLuminance | LeptApi.JpegFailOnBadData)
                : isTiff ? LeptApi.pixReadMemTiff(p, (nuint)data.Length, frame)
                : frame == 0 ? LeptApi.pixReadMem(p, (nuint)data.Length)
                : nint.Zero;
        }

        if (raw == nint.Zero)
        {
            return null;
        }

        LeptPixHandle decoded = Own(raw, "pixReadMem");
        if (LeptApi.pixGetDepth(raw) == 8 && LeptApi.pixGetColormap(raw) == nint.Zero)
        {
            return decoded;
        }

        using (decoded)
        {
            nint gray = LeptApi.pixConvertTo8(raw, 0);
            return gray == nint.Zero ? null : Own(gray, "pixConvertTo8");
        }
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

    /// <summary>Measures the skew of a gray image (binarised at Leptonica's deskew threshold, 130).</summary>
    /// <returns><see langword="true"/> when Leptonica could measure it.</returns>
    public static bool FindSkew(LeptPixHandle gray, out float angle, out float confidence)
    {
        using LeptPixHandle binary = Own(LeptApi.pixConvertTo1(gray.handle, LeptApi.DefaultBinarizeThreshold), "pixConvertTo1");
        return LeptApi.pixFindSkew(binary.handle, out angle, out confidence) == 0;
    }

    /// <summary>Returns a copy rotated by <paramref name="degrees"/> about the centre, same size, corners filled with white.</summary>
    public LeptPixHandle Rotate(double degrees) =>
        Own(LeptApi.pixRotate(handle, (float)(degrees * Math.PI / 180), LeptApi.RotateAreaMap, LeptApi.BringInWhite, 0, 0), "pixRotate");

    /// <summary>Returns a copy reduced by <paramref name="factor"/> (below 1) by area mapping.</summary>
    public LeptPixHandle Reduce(double factor) =>
        Own(LeptApi.pixScaleAreaMap(handle, (float)factor, (float)factor), "pixScaleAreaMap");

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
