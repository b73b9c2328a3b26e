using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

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
internal static unsafe partial class LinePngLevel
{
    private const string LevelSymbol = "png_set_compression_level";
    private const string FilterSymbol = "png_set_filter";

    // zlib.h and png.h.
    private const int ZlibDefaultLevel = -1;
    private const int ZlibStored = 0;
    private const int PngFilterNone = 0x08;

    // elf.h and dlfcn.h.
    private const int RtldDiLinkMap = 2;
    private const long DtNull = 0;
    private const long DtPltRelSize = 2;
    private const long DtStrTab = 5;
    private const long DtSymTab = 6;
    private const long DtRela = 7;
    private const long DtRelaSize = 8;
    private const long DtPltRel = 20;
    private const long DtJmpRel = 23;
    private const uint RelocGlobDat = 6;
    private const uint RelocJumpSlot = 7;
    private const uint PtGnuRelro = 0x6474e552;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;

    private static readonly Lock Gate = new();
    private static nint* _slot;
    private static bool _slotPageInRelro;
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

            if (_slot == null && !TryFindSlot())
            {
                return false;
            }

            Write(_slot, (nint)(delegate* unmanaged[Cdecl]<nint, int, void>)&SetCompressionLevel);
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
                Write(_slot, (nint)_setLevel);
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
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64
            || !NativeLibrary.TryLoad(LeptApi.Library, typeof(LinePngLevel).Assembly, null, out nint lept)
            || !NativeLibrary.TryGetExport(lept, LevelSymbol, out nint setLevel)
            || !NativeLibrary.TryGetExport(lept, FilterSymbol, out nint setFilter))
        {
            return false;
        }

        try
        {
            if (DlInfo(lept, RtldDiLinkMap, out LinkMap* map) != 0 || map == null)
            {
                return false;
            }

            nint* slot = FindImportSlot(map->Address, map->Dynamic, Encoding.ASCII.GetBytes(LevelSymbol));
            if (slot == null)
            {
                return false;
            }

            _setLevel = (delegate* unmanaged[Cdecl]<nint, int, void>)setLevel;
            _setFilter = (delegate* unmanaged[Cdecl]<nint, int, int, void>)setFilter;
            _slot = slot;
            _slotPageInRelro = IsInsideRelro(map->Address, SlotPage(slot), PageSize);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without dlinfo: leave Leptonica as it is.
            return false;
        }
    }

    // Walks the loaded library's dynamic section to its relocation tables, and returns the slot the dynamic linker fills
    // with the address of the named function (a PLT slot, or a GOT slot for code built without a PLT).
    private static nint* FindImportSlot(nuint loadAddress, ElfDyn* dynamic, ReadOnlySpan<byte> name)
    {
        nuint strings = 0, symbols = 0, rela = 0, relaSize = 0, pltRel = 0, pltRelSize = 0;
        long pltRelKind = DtRela;
        for (ElfDyn* d = dynamic; d->Tag != DtNull; d++)
        {
            switch (d->Tag)
            {
                case DtStrTab: strings = Absolute(d->Value, loadAddress); break;
                case DtSymTab: symbols = Absolute(d->Value, loadAddress); break;
                case DtRela: rela = Absolute(d->Value, loadAddress); break;
                case DtRelaSize: relaSize = d->Value; break;
                case DtJmpRel: pltRel = Absolute(d->Value, loadAddress); break;
                case DtPltRelSize: pltRelSize = d->Value; break;
                case DtPltRel: pltRelKind = (long)d->Value; break;
            }
        }

        if (strings == 0 || symbols == 0 || pltRelKind != DtRela)
        {
            return null;
        }

        nuint offset = FindRelocation(pltRel, pltRelSize, RelocJumpSlot, (ElfSym*)symbols, (byte*)strings, name);
        if (offset == 0)
        {
            offset = FindRelocation(rela, relaSize, RelocGlobDat, (ElfSym*)symbols, (byte*)strings, name);
        }

        return offset == 0 ? null : (nint*)(loadAddress + offset);
    }

    // The offset a relocation of the given kind against the named symbol writes to; 0 when the table has none.
    private static nuint FindRelocation(nuint table, nuint size, uint kind, ElfSym* symbols, byte* strings, ReadOnlySpan<byte> name)
    {
        if (table == 0)
        {
            return 0;
        }

        foreach (ElfRela r in new ReadOnlySpan<ElfRela>((void*)table, (int)(size / (nuint)sizeof(ElfRela))))
        {
            if ((uint)r.Info == kind && MemoryMarshal.CreateReadOnlySpanFromNullTerminated(strings + symbols[r.Info >> 32].Name).SequenceEqual(name))
            {
                return (nuint)r.Offset;
            }
        }

        return 0;
    }

    // glibc rewrites the dynamic section's addresses to where the library was loaded; other loaders may leave them relative.
    private static nuint Absolute(nuint value, nuint loadAddress) => value < loadAddress ? value + loadAddress : value;

    private static nuint PageSize => (nuint)Environment.SystemPageSize;

    private static nuint SlotPage(nint* slot) => (nuint)slot & ~(PageSize - 1);

    private static void Write(nint* slot, nint value)
    {
        // A slot under RELRO (libraries linked with -z now) is read-only once relocated: open its page for the write.
        nuint page = SlotPage(slot);
        bool opened = Mprotect(page, PageSize, ProtRead | ProtWrite) == 0;
        Volatile.Write(ref *slot, value);
        if (opened && _slotPageInRelro)
        {
            _ = Mprotect(page, PageSize, ProtRead);
        }
    }

    // Whether the page lies wholly inside the library's RELRO range: glibc makes only such pages read-only, and so does Write.
    private static bool IsInsideRelro(nuint loadAddress, nuint page, nuint pageSize)
    {
        // The ELF header is mapped at the load address; its program headers say which range is RELRO.
        byte* header = (byte*)loadAddress;
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            return false;
        }

        var programHeaders = new ReadOnlySpan<ElfPhdr>(header + *(ulong*)(header + 0x20), *(ushort*)(header + 0x38));
        foreach (ElfPhdr p in programHeaders)
        {
            nuint start = loadAddress + (nuint)p.VirtualAddress;
            if (p.Type == PtGnuRelro && page >= start && page + pageSize <= start + (nuint)p.MemorySize)
            {
                return true;
            }
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "dlinfo")]
    private static partial int DlInfo(nint handle, int request, out LinkMap* info);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nuint address, nuint length, int protection);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct LinkMap
    {
        public readonly nuint Address;
        public readonly nint Name;
        public readonly ElfDyn* Dynamic;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ElfDyn
    {
        public readonly long Tag;
        public readonly nuint Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ElfRela
    {
        public readonly ulong Offset;
        public readonly ulong Info;
        public readonly long Addend;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ElfSym
    {
        public readonly uint Name;
        public readonly byte Info;
        public readonly byte Other;
        public readonly ushort Section;
        public readonly ulong Value;
        public readonly ulong Size;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ElfPhdr
    {
        public readonly uint Type;
        public readonly uint Flags;
        public readonly ulong Offset;
        public readonly ulong VirtualAddress;
        public readonly ulong PhysicalAddress;
        public readonly ulong FileSize;
        public readonly ulong MemorySize;
        public readonly ulong Align;
    }
}
