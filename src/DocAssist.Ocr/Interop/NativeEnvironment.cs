using System.Runtime.InteropServices;

namespace DocAssist.Ocr.Interop;

/// <summary>Puts the settings native code reads from the process environment in place before Tesseract first runs.</summary>
internal static partial class NativeEnvironment
{
    private static readonly Lazy<bool> _initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Sets <c>OMP_THREAD_LIMIT=1</c> in the C environment; idempotent and thread-safe.</summary>
    public static void EnsureInitialized() => _ = _initialized.Value;

    private static bool Initialize()
    {
        // Environment.SetEnvironmentVariable only changes .NET's copy; OpenMP reads the C environment once,
        // at the first parallel region. Without the limit each engine spawns a thread per core and
        // engines on parallel workers oversubscribe the CPU (6-7 times slower on 2 cores).
        _ = SetEnv("OMP_THREAD_LIMIT", "1", overwrite: 1);

        // Leptonica reports damaged images on stderr; DocAssist reports them itself, naming the file.
        _ = LeptApi.setMsgSeverity(LeptApi.SeverityNone);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
