namespace DocAssist.Testing;

/// <summary>How long fuzz tests run: a short burst by default (CI), longer with DOCASSIST_FUZZ_SECONDS.</summary>
public static class FuzzBudget
{
    /// <summary>Gets the time limit in seconds, or -1 when only the iteration count bounds the run.</summary>
    public static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("DOCASSIST_FUZZ_SECONDS"), out int s) ? s : -1;

    /// <summary>Returns the iteration count: the CI default, or effectively unbounded when a time limit is set.</summary>
    public static long Iterations(long ciDefault) => Seconds > 0 ? long.MaxValue : ciDefault;
}
