using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DocAssist.Pdf.Searchable;

/// <summary>Writes a PDF file object by object straight to a stream: numbered objects, streams (Flate-compressed or as given), the
/// cross-reference table and the trailer.</summary>
/// <remarks>Not thread-safe. Objects can be numbered before they are written (a page tree written last, pages pointing to it); every
/// reserved number must be written before <see cref="Finish"/>. The stream is not disposed.</remarks>
internal sealed class PdfObjectWriter
{
    private readonly Stream _stream;
    private readonly List<long> _offsets = [];
    private long _position;

    /// <summary>Initializes a new instance of the <see cref="PdfObjectWriter"/> class and writes the file header.</summary>
    /// <param name="stream">Where the file goes.</param>
    public PdfObjectWriter(Stream stream)
    {
        _stream = stream;

        // The binary comment tells transfer tools the file is not text.
        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8.ToArray());
    }

    /// <summary>Reserves the next object number.</summary>
    /// <returns>The number.</returns>
    public int Reserve()
    {
        _offsets.Add(-1);
        return _offsets.Count;
    }

    /// <summary>Writes an object that is not a stream.</summary>
    /// <param name="number">Its number, from <see cref="Reserve"/>.</param>
    /// <param name="body">Its PDF syntax, e.g. a dictionary.</param>
    public void WriteObject(int number, string body)
    {
        Begin(number);
        Write(Encoding.ASCII.GetBytes(body));
        Write("\nendobj\n"u8);
    }

    /// <summary>Writes a stream object, its data as given (already encoded as its dictionary's filter says).</summary>
    /// <param name="number">Its number, from <see cref="Reserve"/>.</param>
    /// <param name="dictionary">The entries of its dictionary without <c>/Length</c>, e.g. <c>/Filter /DCTDecode</c>.</param>
    /// <param name="data">The stream's bytes.</param>
    public void WriteStream(int number, string dictionary, ReadOnlySpan<byte> data)
    {
        Begin(number);
        Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"<< {dictionary} /Length {data.Length} >>\nstream\n")));
        Write(data);
        Write("\nendstream\nendobj\n"u8);
    }

    /// <summary>Writes a stream object whose data is Flate-compressed here.</summary>
    /// <param name="number">Its number, from <see cref="Reserve"/>.</param>
    /// <param name="dictionary">The entries of its dictionary without <c>/Filter</c> and <c>/Length</c>.</param>
    /// <param name="data">The uncompressed bytes.</param>
    public void WriteCompressedStream(int number, string dictionary, ReadOnlySpan<byte> data) =>
        WriteStream(number, ("/Filter /FlateDecode " + dictionary).TrimEnd(), Deflate(data));

    /// <summary>Writes the cross-reference table and the trailer; the file is then complete.</summary>
    /// <param name="catalog">The number of the document catalog.</param>
    /// <param name="info">The number of the document information dictionary, or 0 for none.</param>
    /// <exception cref="InvalidOperationException">A reserved object was never written.</exception>
    public void Finish(int catalog, int info)
    {
        long xref = _position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {_offsets.Count + 1}\n0000000000 65535 f \n");
        for (int i = 0; i < _offsets.Count; i++)
        {
            if (_offsets[i] < 0)
            {
                throw new InvalidOperationException($"PDF object {i + 1} was reserved but never written.");
            }

            table.Append(CultureInfo.InvariantCulture, $"{_offsets[i]:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_offsets.Count + 1} /Root {catalog} 0 R");
        if (info > 0)
        {
            table.Append(CultureInfo.InvariantCulture, $" /Info {info} 0 R");
        }

        table.Append(CultureInfo.InvariantCulture, $" >>\nstartxref\n{xref}\n%%EOF\n");
        Write(Encoding.ASCII.GetBytes(table.ToString()));
        _stream.Flush();
    }

    /// <summary>Compresses bytes in the zlib format that PDF's FlateDecode reads.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The compressed bytes.</returns>
    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream((data.Length / 4) + 64);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Formats a number for PDF syntax: invariant, at most four decimals, no exponent.</summary>
    /// <param name="value">The number.</param>
    /// <returns>Its text.</returns>
    public static string Num(double value)
    {
        double rounded = Math.Round(value, 4);
        return (rounded == 0 ? 0 : rounded).ToString("0.####", CultureInfo.InvariantCulture);
    }

    private void Begin(int number)
    {
        if (number < 1 || number > _offsets.Count || _offsets[number - 1] >= 0)
        {
            throw new InvalidOperationException($"PDF object {number} was not reserved, or was written already.");
        }

        _offsets[number - 1] = _position;
        Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n")));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }
}
