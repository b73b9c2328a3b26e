using System.Runtime.InteropServices;
using System.Text;

namespace DocAssist.Ocr.Interop;

/// <summary>The slot through which one loaded native library calls a function it imports from another (a PLT slot, or a GOT slot for code built without a PLT).</summary>
/// <remarks>
/// <para>
/// Pointing the slot at another function changes what that one library calls, and nothing else: the exporting library and every
/// other importer keep calling the original. <see cref="LinePngLevel"/> and <see cref="SerialOpenMp"/> use this to change how
/// Leptonica and Tesseract call their dependencies, where the C API offers no setting.
/// </para>
/// <para>
/// Linux on x86-64 with an ELF dynamic linker that reports the link map (<c>dlinfo</c>, glibc); elsewhere <see cref="Find"/> returns
/// <see langword="null"/> and the caller leaves the library as it is. Not thread-safe: callers write slots under their own lock,
/// before the library's code can run on another thread.
/// </para>
/// </remarks>
internal sealed unsafe partial class ImportSlot
{
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

    private readonly nint* _slot;
    private readonly bool _pageInRelro;

    private ImportSlot(nint* slot, bool pageInRelro, nint original)
    {
        _slot = slot;
        _pageInRelro = pageInRelro;
        Original = original;
    }

    /// <summary>Gets the function the dynamic linker binds the import to (what the library called before any <see cref="Point"/>).</summary>
    public nint Original { get; }

    /// <summary>Finds the slot through which <paramref name="library"/> calls <paramref name="symbol"/>.</summary>
    /// <param name="library">The importing library's name, as <see cref="NativeLibrary.TryLoad(string, System.Reflection.Assembly, DllImportSearchPath?, out nint)"/> takes it.</param>
    /// <param name="symbol">The imported function's name.</param>
    /// <returns>The slot, or <see langword="null"/> when the library, the function or the relocation is not found, or the system is not one this reads.</returns>
    public static ImportSlot? Find(string library, string symbol)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64
            || !NativeLibrary.TryLoad(library, typeof(ImportSlot).Assembly, null, out nint handle)
            || !NativeLibrary.TryGetExport(handle, symbol, out nint original))
        {
            return null;
        }

        try
        {
            if (DlInfo(handle, RtldDiLinkMap, out LinkMap* map) != 0 || map == null)
            {
                return null;
            }

            nint* slot = FindSlot(map->Address, map->Dynamic, Encoding.ASCII.GetBytes(symbol));
            return slot == null ? null : new ImportSlot(slot, IsInsideRelro(map->Address, PageOf(slot), PageSize), original);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without dlinfo.
            return null;
        }
    }

    /// <summary>Makes the library call <paramref name="function"/> through this slot from now on.</summary>
    /// <param name="function">An unmanaged function with the imported function's signature and calling convention.</param>
    public void Point(nint function)
    {
        // A slot under RELRO (libraries linked with -z now) is read-only once relocated: open its page for the write.
        nuint page = PageOf(_slot);
        bool opened = Mprotect(page, PageSize, ProtRead | ProtWrite) == 0;
        Volatile.Write(ref *_slot, function);
        if (opened && _pageInRelro)
        {
            _ = Mprotect(page, PageSize, ProtRead);
        }
    }

    /// <summary>Gives the library back the function the dynamic linker bound.</summary>
    public void Restore() => Point(Original);

    private static nuint PageSize => (nuint)Environment.SystemPageSize;

    private static nuint PageOf(nint* slot) => (nuint)slot & ~(PageSize - 1);

    // Walks the loaded library's dynamic section to its relocation tables, and returns the slot the dynamic linker fills
    // with the address of the named function.
    private static nint* FindSlot(nuint loadAddress, ElfDyn* dynamic, ReadOnlySpan<byte> name)
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

    // Whether the page lies wholly inside the library's RELRO range: glibc makes only such pages read-only, and so does Point.
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
