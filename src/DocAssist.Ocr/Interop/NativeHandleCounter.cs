namespace DocAssist.Ocr.Interop;

/// <summary>Counts native objects created and not yet released, so tests can prove nothing leaks.</summary>
internal static class NativeHandleCounter
{
    private static long _outstanding;

    /// <summary>Gets the number of native objects alive right now (engines, iterators, monitors, strings, images).</summary>
    public static long Outstanding => Interlocked.Read(ref _outstanding);

    public static void Increment() => Interlocked.Increment(ref _outstanding);

    public static void Decrement() => Interlocked.Decrement(ref _outstanding);
}
