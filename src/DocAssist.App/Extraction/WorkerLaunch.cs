using System.Reflection;

namespace DocAssist.App.Extraction;

/// <summary>How a worker process is started: an executable and the arguments that make it serve <see cref="WorkerHost"/> on its standard streams.</summary>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">Its arguments (without <see cref="WorkerHost.WarmUpPdfOption"/>, which is added when wanted).</param>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Gets the launch of a program whose entry point hands <see cref="WorkerHost.Command"/> to <see cref="WorkerHost.RunAsync"/> (as the CLI does),
    /// started the way this process was: <c>PROGRAM __worker</c>, or <c>dotnet PROGRAM.dll __worker</c> when this process runs under the <c>dotnet</c> host.</summary>
    /// <param name="program">The program's assembly; default: the entry assembly of this process.</param>
    /// <returns>The launch.</returns>
    public static WorkerLaunch ForProgram(Assembly? program = null)
    {
        string file = Environment.ProcessPath ?? "dotnet";
        string? location = (program ?? Assembly.GetEntryAssembly())?.Location;
        return Path.GetFileNameWithoutExtension(file) == "dotnet" && !string.IsNullOrEmpty(location)
            ? new WorkerLaunch(file, [location, WorkerHost.Command])
            : new WorkerLaunch(file, [WorkerHost.Command]);
    }
}
