using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Puts the settings native code reads from the process environment in place before Tesseract first runs.</summary>
internal static partial class NativeEnvironment
{
    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Sets <c>OMP_THREAD_LIMIT=1</c> in the C environment and installs <see cref="LinePngLevel"/>; idempotent and thread-safe.</summary>
    public static void EnsureInitialized() => _ = Initialized.Value;

    private static bool Initialize()
    {
        // Environment.SetEnvironmentVariable only changes .NET's copy; OpenMP reads the C environment once,
        // at the first parallel region. Without the limit each engine spawns a thread per core and
        // engines on parallel workers oversubscribe the CPU (6-7 times slower on 2 cores).
        _ = SetEnv("OMP_THREAD_LIMIT", "1", overwrite: 1);

        // Leptonica reports damaged images on stderr; DocAssist reports them itself, naming the file.
        _ = LeptApi.setMsgSeverity(LeptApi.SeverityNone);

        // Tesseract PNG-encodes and decodes every line image it reads; stored blocks make that a copy.
        _ = LinePngLevel.Install();
        return true;
    }

    /// <summary>Hands the memory native code freed back to the system (glibc <c>malloc_trim</c>); cheap next to a page of OCR.</summary>
    /// <remarks>
    /// Each OCR thread allocates from its own glibc arena, and freed pages stay in it: over a 500-page scan the worker grew from
    /// 340 to 400 MB and kept rising. Trimming after every page keeps it at what one page needs (docs/benchmarks.md).
    /// </remarks>
    public static void ReleaseFreedMemory()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (e.g. musl): nothing to trim this way.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
