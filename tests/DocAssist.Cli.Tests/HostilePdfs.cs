using System.Globalization;
using System.Text;

namespace DocAssist.Cli.Tests;

/// <summary>Builds small PDFs that attack a parser, byte by byte, with a correct cross-reference table.</summary>
internal static class HostilePdfs
{
    /// <summary>A page-tree depth that overflows PdfPig's recursion on an 8 MB thread stack however far the JIT has got.</summary>
    /// <remarks>Its frames are larger in first-tier code (the stack runs out near 44,000 levels) than in optimized code
    /// (near 105,000), and which one runs depends on timing: a worker slowed down by a busy machine has its recursion
    /// promoted mid-way, and a tree 50,000 deep then parses fine. This is more than twice the optimized depth.</remarks>
    public const int StackOverflowDepth = 250_000;

    /// <summary>A page tree nested <paramref name="depth"/> levels deep, each /Pages node holding the next.</summary>
    public static byte[] DeepPageTree(int depth)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        for (int i = 0; i < depth; i++)
        {
            objects.Add($"<< /Type /Pages /Kids [{i + 3} 0 R] /Count 1 >>");
        }

        objects.Add("<< /Type /Page /MediaBox [0 0 612 792] >>");
        return Build(objects);
    }

    /// <summary>A page tree whose only /Pages node lists itself as its kid.</summary>
    public static byte[] LoopingPageTree() => Build(
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]);

    /// <summary>A flat page tree of <paramref name="count"/> empty pages.</summary>
    public static byte[] EmptyPages(int count)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(3, count).Select(i => $"{i} 0 R"))}] /Count {count} >>",
        };
        objects.AddRange(Enumerable.Repeat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>", count));
        return Build(objects);
    }

    private static byte[] Build(List<string> objects)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        int xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (int offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
