using System.Security.Cryptography;
using System.Text;

namespace DocAssist.App.Batch;

/// <summary>SHA-256 of file contents, streamed (a file is never held in memory whole).</summary>
public static class ContentHasher
{
    private const int BufferSize = 1 << 20;

    /// <summary>Hashes a file's content.</summary>
    /// <param name="path">The file (symbolic links are followed).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The hash as 64 lowercase hex digits.</returns>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    /// <summary>Hashes a string's UTF-8 bytes.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash as 64 lowercase hex digits.</returns>
    public static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
