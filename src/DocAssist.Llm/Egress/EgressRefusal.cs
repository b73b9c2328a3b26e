using DocAssist.Core;
using DocAssist.Core.Errors;

namespace DocAssist.Llm.Egress;

/// <summary>Helpers for the error raised when the policy refuses a destination.</summary>
public static class EgressRefusal
{
    /// <summary>The key path a refusal names: the <see cref="Settings.Policy"/> setting.</summary>
    public const string KeyPath = Settings.Policy;

    /// <summary>Creates the error for a refused destination: it names the <see cref="Settings.Policy"/> setting and carries <see cref="ErrorCodes.EgressRefused"/>.</summary>
    /// <param name="message">The refusal message (<see cref="EgressPolicy.RefusalMessage"/>).</param>
    /// <returns>The error, to throw.</returns>
    public static ConfigException Create(string message) => new(message) { KeyPath = KeyPath, Code = ErrorCodes.EgressRefused };

    /// <summary>Gets a value indicating whether an error (or one it wraps) is a policy refusal.</summary>
    /// <param name="exception">Any error.</param>
    /// <param name="refusal">The refusal found.</param>
    /// <returns><see langword="true"/> when a refusal is in the chain.</returns>
    public static bool TryFind(Exception? exception, out ConfigException refusal)
    {
        // By code, not key path: a bad policy value names the same setting but is no refusal.
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is ConfigException { Code: ErrorCodes.EgressRefused } found)
            {
                refusal = found;
                return true;
            }
        }

        refusal = null!;
        return false;
    }
}
