using System.Text;

namespace DocAssist.Testing;

/// <summary>Turns a valid file into a damaged one, the ways real files get damaged or forged: flipped bytes, truncation, repeated or spliced ranges, parser tokens where they do not belong.</summary>
public static class Mutator
{
    public const int Operations = 5;

    private static readonly byte[][] Tokens =
        [.. new[] { "<<", ">>", "[", "]", "obj", "endobj", "stream", "endstream", " 0 R", "/Length", "xref", "trailer", "-1", "99999999999", "\0\0\0\0", "\xFF\xFF" }
            .Select(Encoding.Latin1.GetBytes)];

    /// <summary>Applies operation <paramref name="operation"/> (0..<see cref="Operations"/>-1) to a copy of <paramref name="seed"/>, deterministically from <paramref name="salt"/>.</summary>
    public static byte[] Mutate(byte[] seed, int operation, int salt, int size)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var random = new Random(salt);
        byte[] data = (byte[])seed.Clone();
        int at = random.Next(data.Length);
        switch (operation)
        {
            case 0: // flip bytes
                for (int i = 0; i < size; i++)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return data;
            case 1: // truncate
                return data[..at];
            case 2: // repeat a range
                int length = Math.Min(size * 64, data.Length - at);
                return [.. data[..(at + length)], .. data[at..(at + length)], .. data[(at + length)..]];
            case 3: // a parser token where it does not belong
                byte[] token = Tokens[random.Next(Tokens.Length)];
                return [.. data[..at], .. token, .. data[at..]];
            default: // overwrite a range with random bytes
                for (int i = at; i < Math.Min(data.Length, at + size * 16); i++)
                {
                    data[i] = (byte)random.Next(256);
                }

                return data;
        }
    }
}
