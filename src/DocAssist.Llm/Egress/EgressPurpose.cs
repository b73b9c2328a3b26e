namespace DocAssist.Llm.Egress;

/// <summary>Names why model requests are made within a scope, for the ledger (e.g. <c>summarize</c>, <c>ask</c>).</summary>
/// <remarks>The name flows with the async context; scopes nest and restore the outer name when disposed.</remarks>
public static class EgressPurpose
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>Gets the purpose of the current scope, or <see langword="null"/> outside any scope.</summary>
    public static string? Name => Current.Value;

    /// <summary>Starts a scope whose requests are recorded under <paramref name="purpose"/>.</summary>
    /// <param name="purpose">A short name.</param>
    /// <returns>Disposing it restores the outer purpose.</returns>
    public static IDisposable Begin(string purpose)
    {
        string? outer = Current.Value;
        Current.Value = purpose;
        return new Scope(outer);
    }

    private sealed class Scope(string? outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }
}
