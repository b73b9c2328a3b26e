using DocAssist.Core.Errors;

namespace DocAssist.Llm.Egress;

/// <summary>Helpers for the error raised when the policy refuses a destination.</summary>
public static class EgressRefusal
{
    /// <summary>The key path a refusal names.</summary>
    public const string KeyPath = "--policy";

    /// <summary>Gets a value indicating whether an error (or one it wraps) is a policy refusal.</summary>
    /// <param name="exception">Any error.</param>
    /// <param name="refusal">The refusal found.</param>
    /// <returns><see langword="true"/> when a refusal is in the chain.</returns>
    public static bool TryFind(Exception? exception, out ConfigException refusal)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is ConfigException { KeyPath: KeyPath } found)
            {
                refusal = found;
                return true;
            }
        }

        refusal = null!;
        return false;
    }
}
