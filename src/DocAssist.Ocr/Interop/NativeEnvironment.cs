using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Puts the settings native code reads from the process environment in place before Tesseract first runs.</summary>
internal static partial class NativeEnvironment
{
    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Sets <c>OMP_THREAD_LIMIT=1</c> in the C environment and installs <see cref="SerialOpenMp"/> and <see cref="LinePngLevel"/>; idempotent and thread-safe.</summary>
    public static void EnsureInitialized() => _ = Initialized.Value;

    private static bool Initialize()
    {
        // Environment.SetEnvironmentVariable only changes .NET's copy; OpenMP reads the C environment once,
        // at the first parallel region. Without the limit each engine spawns a thread per core and
        // engines on parallel workers oversubscribe the CPU (6-7 times slower on 2 cores).
        _ = SetEnv("OMP_THREAD_LIMIT", "1", overwrite: 1);

        // With one thread per engine, libgomp's team for each of the LSTM's regions is pure bookkeeping: run them inline.
        _ = SerialOpenMp.Install();

        // Freed page images stay with the allocator for the next page instead of going back to the system at every free.
        KeepFreedMemory();

        // Leptonica reports damaged images on stderr; DocAssist reports them itself, naming the file.
        _ = LeptApi.setMsgSeverity(LeptApi.SeverityNone);

        // Tesseract PNG-encodes and decodes every line image it reads; stored blocks make that a copy.
        _ = LinePngLevel.Install();
        return true;
    }

    /// <summary>Hands the memory native code freed back to the system (glibc <c>malloc_trim</c>) once it holds more than <see cref="KeepFreeBytes"/>.</summary>
    /// <remarks>
    /// Each OCR thread allocates from its own glibc arena, and freed pages stay in it: over a 500-page scan the worker grew from
    /// 340 to 400 MB and kept rising, so freed memory is handed back. Not after every page, though: a page's images then come
    /// from fresh pages, and Leptonica's first touch of each (a read in <c>pixSetPadBits</c>, then a write) costs two page
    /// faults and a TLB flush on the other core. Keeping up to <see cref="KeepFreeBytes"/> lets the next page reuse what the
    /// last one freed (docs/benchmarks.md).
    /// </remarks>
    public static void ReleaseFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // Trimming leaves the freed chunks listed as free, so once more than the bound is held this trims after every page, as before.
            if (HeldFreeBytes() > KeepFreeBytes)
            {
                _ = MallocTrim(0);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to trim this way.
        }
    }

    /// <summary>Lets glibc keep up to <see cref="KeepFreeBytes"/> of freed memory at the top of each arena, and serve blocks up to 32 MB
    /// from its arenas instead of mapping each one afresh.</summary>
    /// <remarks>
    /// By default glibc returns the top of an arena to the system once more than 128 KB of it are free, and maps each block over
    /// 128 KB on its own, until both thresholds have adapted to the blocks freed so far; a page's images then come from fresh memory
    /// pages, and the first touch of each is a page fault. With these settings the English dev pages took 20 % fewer page faults
    /// and 1.5 % less CPU (docs/benchmarks.md). <see cref="ReleaseFreedMemory"/> still bounds what is kept across arenas.
    /// </remarks>
    private static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // Setting either threshold fixes both (glibc stops adapting them), so both are set.
            _ = MallOpt(MallocTrimThreshold, (int)KeepFreeBytes);
            _ = MallOpt(MallocMmapThreshold, MmapThresholdBytes);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator keeps its own defaults.
        }
    }

    // malloc.h: M_TRIM_THRESHOLD and M_MMAP_THRESHOLD; glibc's largest mmap threshold on 64-bit systems.
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;
    private const int MmapThresholdBytes = 32 * 1024 * 1024;

    /// <summary>The freed memory glibc may keep for the next pages before it is handed back: 64 MB.</summary>
    internal const long KeepFreeBytes = 64L * 1024 * 1024;

    // Free bytes in the arenas (mallinfo2's fordblks); when glibc is too old to say, everything counts as held, and every page trims.
    private static long HeldFreeBytes()
    {
        try
        {
            return (long)MallInfo2().FreeBytes;
        }
        catch (EntryPointNotFoundException)
        {
            return long.MaxValue;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallocInfo MallInfo2();

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    // glibc's struct mallinfo2: ten size_t fields, fordblks the ninth.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocInfo
    {
        public readonly nuint Arena;
        public readonly nuint OrdinaryBlocks;
        public readonly nuint SmallBlocks;
        public readonly nuint MappedBlocks;
        public readonly nuint MappedBytes;
        public readonly nuint MaxUsedBytes;
        public readonly nuint SmallFreeBytes;
        public readonly nuint UsedBytes;
        public readonly nuint FreeBytes;
        public readonly nuint TopReleasableBytes;
    }
}
