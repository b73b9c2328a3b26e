using System.Net;
using DocAssist.App.Extraction;
using DocAssist.Core;

namespace DocAssist.Server;

/// <summary>What <c>docassist serve</c> was asked to do.</summary>
public sealed record ServerOptions
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 8770;

    /// <summary>The default largest upload, in bytes (200 MB).</summary>
    public const long DefaultMaxUploadBytes = 200L * 1024 * 1024;

    /// <summary>Gets the folder of the library (database and originals); created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Gets the address to bind. Default: the loopback address (nothing else on the network can connect).</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>Gets the port; 0 picks a free one. Default: <see cref="DefaultPort"/>.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Gets the access token every API call must bear.</summary>
    public required string Token { get; init; }

    /// <summary>Gets the largest upload accepted, in bytes. Default: <see cref="DefaultMaxUploadBytes"/>.</summary>
    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    /// <summary>Gets how many documents may wait to be read (or be read) at once; an upload beyond it is refused (429). Default: 500.</summary>
    public int MaxPending { get; init; } = 500;

    /// <summary>Gets the extraction settings documents are read with.</summary>
    public ExtractOptions Extraction { get; init; } = new();

    /// <summary>Gets how worker processes are started (documents are parsed in workers, so a hostile file costs only itself); <see langword="null"/> parses in this process (tests only).</summary>
    public WorkerLaunch? Worker { get; init; }
}
