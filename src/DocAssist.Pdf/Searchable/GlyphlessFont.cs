using System.Reflection;
using System.Text;

namespace DocAssist.Pdf.Searchable;

/// <summary>The font of the invisible text: Tesseract's glyph-less TrueType font (one empty glyph, half an em wide), as a composite font
/// whose two-byte codes are the text's UTF-16 code units, so any script can be written and read back.</summary>
/// <remarks>
/// The same construction as Tesseract's own PDF renderer: every character code maps to glyph 1 (<c>/CIDToGIDMap</c>), every glyph is
/// 500/1000 em wide (<c>/DW 500</c>), and the <c>/ToUnicode</c> map is the identity, so text extraction gives back exactly the codes
/// written. The font file is <c>pdf.ttf</c> from the pinned language data (Apache-2.0), embedded in this assembly.
/// </remarks>
internal static class GlyphlessFont
{
    /// <summary>The advance of every glyph, in thousandths of the font size.</summary>
    public const double GlyphWidth = 500;

    private const string ResourceName = "DocAssist.Pdf.GlyphlessFont.ttf";

    private static readonly Lazy<byte[]> FontFile = new(LoadFontFile);

    private static readonly Lazy<byte[]> CidToGid = new(() =>
    {
        var map = new byte[2 * 65536];
        for (int i = 1; i < map.Length; i += 2)
        {
            map[i] = 1;
        }

        return PdfObjectWriter.Deflate(map);
    });

    private const string ToUnicodeCMap = """
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        <0000> <FFFF>
        endcodespacerange
        1 beginbfrange
        <0000> <FFFF> <0000>
        endbfrange
        endcmap
        CMapName currentdict /CMap defineresource pop
        end
        end
        """;

    /// <summary>Writes the font's objects.</summary>
    /// <param name="writer">The file being written.</param>
    /// <returns>The number of the font object to name in a page's resources.</returns>
    public static int Write(PdfObjectWriter writer)
    {
        int type0 = writer.Reserve(), cidFont = writer.Reserve(), descriptor = writer.Reserve(), file = writer.Reserve(), cidToGid = writer.Reserve(), toUnicode = writer.Reserve();
        writer.WriteObject(type0, $"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
        writer.WriteObject(
            cidFont,
            $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /CIDToGIDMap {cidToGid} 0 R /DW {GlyphWidth} >>");
        writer.WriteObject(
            descriptor,
            $"<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 {GlyphWidth} 1000] /ItalicAngle 0 /Ascent 1000 /Descent -1 /CapHeight 1000 /StemV 80 /FontFile2 {file} 0 R >>");
        writer.WriteCompressedStream(file, $"/Length1 {FontFile.Value.Length}", FontFile.Value);
        writer.WriteStream(cidToGid, "/Filter /FlateDecode", CidToGid.Value);
        writer.WriteCompressedStream(toUnicode, string.Empty, Encoding.ASCII.GetBytes(ToUnicodeCMap.ReplaceLineEndings("\n")));
        return type0;
    }

    private static byte[] LoadFontFile()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(GlyphlessFont).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
