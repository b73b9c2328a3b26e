using System.Security.Cryptography;
using System.Text;

namespace DocAssist.Llm.Retrieval;

/// <summary>SHA-256 content hashes used to skip unchanged files when an index is updated.</summary>
public static class ContentHash
{
    /// <summary>Hashes a file's bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lower-case hex digest.</returns>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        FileStream stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    /// <summary>Hashes a text (UTF-8).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The lower-case hex digest.</returns>
    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text ?? string.Empty)));
}
