using System.Net;
using System.Net.Sockets;

namespace DocAssist.Testing;

/// <summary>A network handler that connects every host name to one loopback port, counting connection attempts:
/// it stands in for a remote endpoint (e.g. <c>api.example.eu</c>) without leaving the machine.</summary>
public sealed class RedirectingTransport
{
    private int _connectAttempts;

    public RedirectingTransport(int port)
    {
        Port = port;
    }

    public int Port { get; }

    /// <summary>Gets how many connections were attempted (each would have been a DNS lookup and a connection).</summary>
    public int ConnectAttempts => Volatile.Read(ref _connectAttempts);

    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            Interlocked.Increment(ref _connectAttempts);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
