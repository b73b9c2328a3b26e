using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DocAssist.Bench")]

/// <summary>The OCR dev set: page images with ground truth, listed in <c>manifest.tsv</c> (file, gt, lang, ...).</summary>
internal static class DevSet
{
    /// <summary>Reads the manifest of a dev set folder, in its order.</summary>
    public static List<EvalPage> Read(string dataDir)
    {
        var list = new List<EvalPage>();
        foreach (string line in File.ReadLines(Path.Combine(dataDir, "manifest.tsv")).Skip(1))
        {
            string[] f = line.Split('\t');
            if (f.Length < 3)
            {
                continue;
            }

            list.Add(new EvalPage(f[0], Path.Combine(dataDir, f[0]), File.ReadAllText(Path.Combine(dataDir, f[1])), TesseractLanguage(f[2])));
        }

        return list;
    }

    /// <summary>Tesseract language of a manifest language: en -> eng, fr -> fra, multi -> eng (the set's multilingual page is mostly Latin text).</summary>
    public static string TesseractLanguage(string manifestLanguage) => manifestLanguage switch
    {
        "fr" => "fra",
        _ => "eng",
    };
}

internal static class CpuTime
{
    // Wall time on a shared machine says little; CPU seconds (own process, or reaped children for the CLI) are steadier.
    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    // /proc/self/stat fields 16 and 17: CPU time of waited-for children, in clock ticks (100 per second on Linux).
    public static double Children()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(f[13], CultureInfo.InvariantCulture) + double.Parse(f[14], CultureInfo.InvariantCulture)) / 100.0;
    }
}

internal sealed record EvalPage(string File, string Path, string GroundTruth, string Lang);
