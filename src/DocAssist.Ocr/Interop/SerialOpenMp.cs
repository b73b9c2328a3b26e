using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Runs Tesseract's OpenMP regions on the calling thread, in order, instead of through libgomp's one-thread teams.</summary>
/// <remarks>
/// <para>
/// Debian's Tesseract is built with OpenMP. DocAssist runs one engine per worker thread and limits OpenMP to one thread
/// (<c>OMP_THREAD_LIMIT=1</c>), so every region runs on the calling thread anyway; but libgomp still builds and tears down a team
/// for each one. The LSTM opens a <c>parallel sections</c> region (its four gates) at every time step of every layer: about
/// 100 000 regions per second of OCR. That bookkeeping, with the allocations and system calls it makes, was 6 % of the
/// CPU an OCR run spent (docs/benchmarks.md).
/// </para>
/// <para>
/// <see cref="Install"/> points Tesseract's imports of the entry points its regions start through (<c>GOMP_parallel</c>,
/// <c>GOMP_parallel_sections</c>, and the <c>GOMP_sections_next</c> and <c>GOMP_sections_end_nowait</c> its sections call) at
/// functions that do what a one-thread team does: call the region's body once, and hand it the sections one after another.
/// The body's own calls (<c>omp_get_num_threads</c>, <c>omp_get_thread_num</c>) still go to libgomp, which answers 1 and 0
/// outside a team, as inside a team of one. Only Tesseract's calls change; the text it reads is the same.
/// </para>
/// <para>
/// Install once, before Tesseract first runs (<see cref="NativeEnvironment.EnsureInitialized"/> does). All four imports are
/// replaced or none: on a system where one is not found, or where Tesseract also starts sections another way, nothing changes.
/// </para>
/// </remarks>
internal static unsafe class SerialOpenMp
{
    // Other ways into a sections construct: their sections would come from libgomp, not from the counter below.
    private static readonly string[] OtherSectionStarts = ["GOMP_sections_start", "GOMP_sections2_start", "GOMP_parallel_sections_start"];

    private static readonly Lock Gate = new();
    private static (ImportSlot Slot, nint Function)[]? _slots;

    // The sections construct open on this thread: the next section to hand out and the last one (1-based; 0 when none is open).
    [ThreadStatic]
    private static uint _nextSection;

    [ThreadStatic]
    private static uint _lastSection;

    [ThreadStatic]
    private static long _regions;

    /// <summary>Gets a value indicating whether Tesseract's regions now run through these functions.</summary>
    public static bool IsInstalled { get; private set; }

    /// <summary>Gets how many regions the current thread ran through these functions (tests compare it before and after a page).</summary>
    public static long RegionsOnThisThread => _regions;

    /// <summary>Gets the replacement for <c>GOMP_parallel</c>.</summary>
    internal static nint ParallelFunction => (nint)(delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, void>, nint, uint, uint, void>)&RunParallel;

    /// <summary>Gets the replacement for <c>GOMP_parallel_sections</c>.</summary>
    internal static nint ParallelSectionsFunction => (nint)(delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, void>, nint, uint, uint, uint, void>)&RunParallelSections;

    /// <summary>Gets the replacement for <c>GOMP_sections_next</c>.</summary>
    internal static nint SectionsNextFunction => (nint)(delegate* unmanaged[Cdecl]<uint>)&NextSection;

    /// <summary>Gets the replacement for <c>GOMP_sections_end_nowait</c>.</summary>
    internal static nint SectionsEndFunction => (nint)(delegate* unmanaged[Cdecl]<void>)&EndSections;

    /// <summary>Points Tesseract's OpenMP imports at the serial functions; idempotent.</summary>
    /// <returns>Whether they are installed (false on a system where an import is not found).</returns>
    public static bool Install()
    {
        lock (Gate)
        {
            if (IsInstalled)
            {
                return true;
            }

            _slots ??= FindSlots();
            if (_slots is null)
            {
                return false;
            }

            foreach ((ImportSlot slot, nint function) in _slots)
            {
                slot.Point(function);
            }

            IsInstalled = true;
            return true;
        }
    }

    /// <summary>Gives Tesseract back libgomp's own functions (for tests that compare both); only while no Tesseract call is running.</summary>
    public static void Uninstall()
    {
        lock (Gate)
        {
            if (IsInstalled)
            {
                foreach ((ImportSlot slot, _) in _slots!)
                {
                    slot.Restore();
                }

                IsInstalled = false;
            }
        }
    }

    /// <summary>Runs a <c>parallel</c> region as a team of one: its body, once, on this thread.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void RunParallel(delegate* unmanaged[Cdecl]<nint, void> body, nint data, uint threads, uint flags)
    {
        _regions++;
        body(data);
    }

    /// <summary>Runs a <c>parallel sections</c> region as a team of one: its body, once, which asks for sections 1 to <paramref name="count"/> in turn.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void RunParallelSections(delegate* unmanaged[Cdecl]<nint, void> body, nint data, uint threads, uint count, uint flags)
    {
        _regions++;

        // A region opened inside a section has sections of its own; the outer ones resume after it.
        // (Native code cannot throw through here, so no finally is needed.)
        uint outerNext = _nextSection, outerLast = _lastSection;
        _nextSection = 1;
        _lastSection = count;
        body(data);
        _nextSection = outerNext;
        _lastSection = outerLast;
    }

    /// <summary>The next section of the open construct, or 0 when all were handed out.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static uint NextSection() => _nextSection <= _lastSection ? _nextSection++ : 0;

    /// <summary>The end of a sections construct without a barrier: with one thread there is no one to wait for.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void EndSections()
    {
    }

    // Each import Tesseract's regions go through, with the function it is pointed at; all of them found, or null.
    private static (ImportSlot Slot, nint Function)[]? FindSlots()
    {
        if (OtherSectionStarts.Any(start => ImportSlot.Find(TessApi.Library, start) is not null))
        {
            return null;
        }

        (string Symbol, nint Function)[] replacements =
        [
            ("GOMP_parallel", ParallelFunction),
            ("GOMP_parallel_sections", ParallelSectionsFunction),
            ("GOMP_sections_next", SectionsNextFunction),
            ("GOMP_sections_end_nowait", SectionsEndFunction),
        ];
        var slots = new List<(ImportSlot, nint)>();
        foreach ((string symbol, nint function) in replacements)
        {
            if (ImportSlot.Find(TessApi.Library, symbol) is not { } slot)
            {
                return null;
            }

            slots.Add((slot, function));
        }

        return [.. slots];
    }
}
