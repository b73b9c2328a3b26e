using DocAssist.Core.Errors;

namespace DocAssist.Cli.Commands;

/// <summary>Runs a command body and turns whatever escapes it into one line on stderr and the documented exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliContext context, bool verbose, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Err.WriteLineAsync("docassist: interrupted.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            await context.Err.WriteLineAsync("docassist: " + ex.Message);
            if (verbose)
            {
                await context.Err.WriteLineAsync(ex.ToString());
            }

            // A model that keeps failing is a system problem, not bad input: scripts may retry on 2, not on 1.
            return ex is DocAssistException and not ConfigException and not LlmException ? ExitCodes.InputError : ExitCodes.ConfigError;
        }
    }
}
