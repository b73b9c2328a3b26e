using DocAssist.Core.Errors;

namespace DocAssist.Cli.Commands;

/// <summary>Runs a command body and turns whatever escapes it into one line on stderr and the documented exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool verbose, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("docassist: interrupted.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync("docassist: " + ex.Message).ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            // A model that keeps failing is a system problem, not bad input: scripts may retry on 2, not on 1.
            return ex is DocAssistException and not ConfigException and not LlmException ? ExitCodes.InputError : ExitCodes.ConfigError;
        }
    }
}
