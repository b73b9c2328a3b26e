using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Makes the PNG round trip Tesseract puts every line image through a copy: Leptonica's PNG writer asks for stored blocks instead of zlib's default compression.</summary>
/// <remarks>
/// <para>
/// Tesseract 5 (<c>ImageData::SetPixInternal</c>) encodes each line image it cuts out of a page as PNG, through Leptonica's
/// <c>pixWriteMemPng</c>, and decodes it again before the LSTM reads it. Leptonica asks libpng for zlib's default level with
/// libpng's adaptive row filters, unless the image carries another level (<c>pixSetZlibCompression</c>), which the images
/// Tesseract cuts out never do. That round trip was 8 % of an OCR run's CPU (docs/benchmarks.md).
/// </para>
/// <para>
/// <see cref="Install"/> points the import slot through which Leptonica calls libpng's <c>png_set_compression_level</c>
/// at <see cref="SetCompressionLevel"/>, which turns the default level into level 0 (stored blocks) with no row filter. The
/// pixels are the same (PNG is lossless either way); encoding and decoding become copies. A level asked for explicitly
/// passes through unchanged, and only Leptonica's calls go through the slot: libpng itself, and every other library in the
/// process, are untouched. Nothing in DocAssist writes PNG through Leptonica, so the only images affected are Tesseract's
/// own line images, which never leave the process.
/// </para>
/// <para>
/// Thread-safety: install once, before Tesseract first runs (<see cref="NativeEnvironment.EnsureInitialized"/> does); the hook
/// itself is safe on any thread. Where the slot is not found (another C library or Leptonica build), nothing changes.
/// </para>
/// </remarks>
internal static unsafe class LinePngLevel
{
    private const string LevelSymbol = "png_set_compression_level";
    private const string FilterSymbol = "png_set_filter";

    // zlib.h and png.h.
    private const int ZlibDefaultLevel = -1;
    private const int ZlibStored = 0;
    private const int PngFilterNone = 0x08;

    private static readonly Lock Gate = new();
    private static ImportSlot? _slot;
    private static delegate* unmanaged[Cdecl]<nint, int, void> _setLevel;
    private static delegate* unmanaged[Cdecl]<nint, int, int, void> _setFilter;
    private static long _calls;

    /// <summary>Gets a value indicating whether Leptonica's calls now go through the hook.</summary>
    public static bool IsInstalled { get; private set; }

    /// <summary>Gets how many PNG encodings went through the hook since the process started.</summary>
    public static long Calls => Interlocked.Read(ref _calls);

    /// <summary>Points Leptonica's <c>png_set_compression_level</c> import at the hook; idempotent.</summary>
    /// <returns>Whether the hook is installed (false on a system where the slot is not found).</returns>
    public static bool Install()
    {
        lock (Gate)
        {
            if (IsInstalled)
            {
                return true;
            }

            if (_slot is null && !TryFindSlot())
            {
                return false;
            }

            _slot!.Point((nint)(delegate* unmanaged[Cdecl]<nint, int, void>)&SetCompressionLevel);
            IsInstalled = true;
            return true;
        }
    }

    /// <summary>Gives Leptonica back libpng's own function (for tests that compare both).</summary>
    public static void Uninstall()
    {
        lock (Gate)
        {
            if (IsInstalled)
            {
                _slot!.Restore();
                IsInstalled = false;
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void SetCompressionLevel(nint png, int level)
    {
        Interlocked.Increment(ref _calls);
        if (level == ZlibDefaultLevel)
        {
            _setLevel(png, ZlibStored);
            _setFilter(png, 0, PngFilterNone);
        }
        else
        {
            _setLevel(png, level);
        }
    }

    private static bool TryFindSlot()
    {
        if (ImportSlot.Find(LeptApi.Library, LevelSymbol) is not { } slot
            || !NativeLibrary.TryLoad(LeptApi.Library, typeof(LinePngLevel).Assembly, null, out nint lept)
            || !NativeLibrary.TryGetExport(lept, FilterSymbol, out nint setFilter))
        {
            return false;
        }

        _setLevel = (delegate* unmanaged[Cdecl]<nint, int, void>)slot.Original;
        _setFilter = (delegate* unmanaged[Cdecl]<nint, int, int, void>)setFilter;
        _slot = slot;
        return true;
    }
}
