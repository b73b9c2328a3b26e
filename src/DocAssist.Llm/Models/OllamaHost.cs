using System.Globalization;
using System.Net;

namespace DocAssist.Llm.Models;

/// <summary>Reads <c>OLLAMA_HOST</c> the way Ollama itself does (scheme optional, default <c>http://127.0.0.1:11434</c>).</summary>
public static class OllamaHost
{
    /// <summary>The server Ollama listens on by default.</summary>
    public static readonly Uri Default = new("http://127.0.0.1:11434");

    /// <summary>Parses an <c>OLLAMA_HOST</c> value into the URL a client connects to.</summary>
    /// <param name="value">The variable's value, or <see langword="null"/>.</param>
    /// <returns>The server URL; a bind-all address (0.0.0.0, ::) becomes the matching loopback address.</returns>
    public static Uri Parse(string? value)
    {
        string s = (value ?? string.Empty).Trim();
        if (s.Length == 0)
        {
            return Default;
        }

        string scheme = "http";
        string defaultPort = "11434";
        int sep = s.IndexOf("://", StringComparison.Ordinal);
        string hostPort = s;
        if (sep >= 0)
        {
            scheme = s[..sep].ToLowerInvariant();
            hostPort = s[(sep + 3)..];
            defaultPort = scheme switch { "http" => "80", "https" => "443", _ => defaultPort };
        }

        int slash = hostPort.IndexOf('/', StringComparison.Ordinal);
        string path = slash >= 0 ? hostPort[slash..] : string.Empty;
        hostPort = slash >= 0 ? hostPort[..slash] : hostPort;

        (string host, string port) = SplitHostPort(hostPort) ?? ("127.0.0.1", defaultPort);
        if (SplitHostPort(hostPort) is null && hostPort.Length > 0)
        {
            host = IPAddress.TryParse(hostPort.Trim('[', ']'), out IPAddress? ip) ? ip.ToString() : hostPort;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535)
        {
            return Default;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address))
        {
            if (address.Equals(IPAddress.Any))
            {
                host = "127.0.0.1";
            }
            else if (address.Equals(IPAddress.IPv6Any))
            {
                host = "[::1]";
            }
            else if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                host = $"[{address}]";
            }
        }

        return Uri.TryCreate(string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{p}{path}"), UriKind.Absolute, out Uri? uri) ? uri : Default;
    }

    private static (string Host, string Port)? SplitHostPort(string hostPort)
    {
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']', StringComparison.Ordinal);
            return close > 0 && close + 1 < hostPort.Length && hostPort[close + 1] == ':'
                ? (hostPort[1..close], hostPort[(close + 2)..])
                : null;
        }

        int colon = hostPort.LastIndexOf(':');
        return colon >= 0 && hostPort.IndexOf(':', StringComparison.Ordinal) == colon ? (hostPort[..colon], hostPort[(colon + 1)..]) : null;
    }
}
