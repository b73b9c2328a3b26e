using System.Globalization;
using DocAssist.Core;

namespace DocAssist.App.Batch;

/// <summary>One part of a batch split across machines: shard <see cref="Index"/> of <see cref="Count"/> (1-based), chosen by content hash.</summary>
/// <remarks>
/// A file belongs to shard <c>K</c> of <c>N</c> when the first 64 bits of its SHA-256 (big-endian) modulo <c>N</c> equal <c>K − 1</c>. The split
/// depends on content alone, so every machine agrees on it without talking to the others, and renaming or moving a file does not move it to
/// another shard. A file that cannot be read (so has no content hash) is placed by the hash of its relative path instead, so that exactly one
/// shard reports it.
/// </remarks>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Gets the whole batch as one shard.</summary>
    public static ShardSpec All => new(1, 1);

    /// <summary>Gets a value indicating whether this is the whole batch.</summary>
    public bool IsAll => Count == 1;

    /// <summary>Gets a file-name-safe tag, e.g. <c>shard-2-of-3</c>.</summary>
    public string Tag => IsAll ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}");

    /// <summary>Parses <c>K/N</c> with 1 ≤ K ≤ N.</summary>
    /// <param name="text">The text.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="error">Why the text is not a shard.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string? text, out ShardSpec shard, out string? error)
    {
        shard = All;
        error = null;
        string[] parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            error = $"{Settings.Mention(Settings.Shard)} '{text}' is not K/N (e.g. 2/8: the second of eight shards).";
            return false;
        }

        if (n < 1 || k < 1 || k > n)
        {
            error = $"{Settings.Mention(Settings.Shard, text ?? string.Empty)}: K must be between 1 and N.";
            return false;
        }

        shard = new ShardSpec(k, n);
        return true;
    }

    /// <summary>Returns whether a file with this SHA-256 (lowercase hex) belongs to this shard.</summary>
    /// <param name="sha256Hex">At least 16 hex digits of the hash.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Includes(string sha256Hex)
    {
        ulong prefix = ulong.Parse(sha256Hex.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return (int)(prefix % (ulong)Count) == Index - 1;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
