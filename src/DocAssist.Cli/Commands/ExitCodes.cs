namespace DocAssist.Cli.Commands;

/// <summary>The process exit codes every command uses.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>Some input could not be processed (damaged, encrypted, unsupported); the others were.</summary>
    public const int InputError = 1;

    /// <summary>A usage, configuration or system error stopped the run.</summary>
    public const int ConfigError = 2;

    /// <summary>Interrupted by the user (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
