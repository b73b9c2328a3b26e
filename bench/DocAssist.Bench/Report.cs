using System.Globalization;
using System.Text;

namespace DocAssist.Bench;

/// <summary>One measured line of the detail table.</summary>
internal sealed record Measurement(
    string Section,
    string Tool,
    string Input,
    int Pages,
    Cost? Cost,
    double? Cer = null,
    double? Wer = null,
    string? Note = null)
{
    public double? PagesPerSecond => Cost is { Seconds: > 0 } c && Pages > 0 ? Pages / c.Seconds : null;
}

/// <summary>One goal of the issue: the measured figure, the reference it is compared with, and whether the target is met.</summary>
/// <param name="Goal">What is compared, e.g. "OCR pages/s vs tesseract (b)".</param>
/// <param name="Measured">DocAssist's figure, as text.</param>
/// <param name="Reference">The competitor's figure, as text (or the limit).</param>
/// <param name="Ratio">The ratio that the target applies to, when the goal is a ratio.</param>
/// <param name="Target">The target, e.g. "≥ 1.05×".</param>
/// <param name="Met">Whether it is met; <see langword="null"/> when it could not be measured (the note says why).</param>
internal sealed record GoalResult(string Goal, string Measured, string Reference, double? Ratio, string Target, bool? Met, string? Note = null);

/// <summary>Collects measurements and goals, and renders them as Markdown.</summary>
internal sealed class Report
{
    public const string StartMarker = "<!-- bench:results:start -->";
    public const string EndMarker = "<!-- bench:results:end -->";

    public List<Measurement> Measurements { get; } = [];

    public List<GoalResult> Goals { get; } = [];

    public List<string> Notes { get; } = [];

    public List<(string Title, string Markdown)> Extras { get; } = [];

    public static string Num(double? value, string format = "0.00") =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Pct(double? value) => value is { } v ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) : "–";

    public string Render(MachineInfo machine, string command, bool smoke)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run: `{command}` on {machine.Date:yyyy-MM-dd HH:mm} UTC{(smoke ? " — **smoke mode: a handful of inputs, figures are not meaningful**" : string.Empty)}.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine.Cores} cores (`nproc`), {machine.CpuModel}, {machine.RamGb:0.0} GiB RAM; {machine.Os}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Load average (1 min) at start {Num(machine.LoadAtStart)}, at end {Num(machine.LoadAtEnd)}: the machine is shared, so absolute figures are noisy; ratios within this one run are what count.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Tools: {string.Join("; ", machine.Tools)}.");
        sb.AppendLine();
        sb.AppendLine("### Goals");
        sb.AppendLine();
        sb.AppendLine("| goal | DocAssist | reference | ratio | target | met? |");
        sb.AppendLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (GoalResult g in Goals)
        {
            string met = g.Met switch { true => "yes", false => "**no**", null => g.Note ?? "n/a" };
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {g.Goal} | {g.Measured} | {g.Reference} | {(g.Ratio is { } r ? Num(r) + "×" : "–")} | {g.Target} | {met} |");
        }

        sb.AppendLine();
        sb.AppendLine("### Measurements");
        sb.AppendLine();
        sb.AppendLine("| section | tool | input | pages | wall s | pages/s | CPU s | peak RSS MB | CER % | WER % | load | note |");
        sb.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (Measurement m in Measurements)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Section} | {m.Tool} | {m.Input} | {m.Pages} | {Num(m.Cost?.Seconds, "0.0")} | {Num(m.PagesPerSecond)} | {Num(m.Cost?.CpuSeconds, "0.0")} | {Num(m.Cost?.PeakRssMb, "0")} | {Pct(m.Cer)} | {Pct(m.Wer)} | {Num(m.Cost?.Load, "0.0")} | {m.Note} |");
        }

        foreach ((string title, string markdown) in Extras)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
            sb.AppendLine();
            sb.AppendLine(markdown.TrimEnd());
        }

        if (Notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("### Notes from this run");
            sb.AppendLine();
            foreach (string note in Notes)
            {
                sb.AppendLine("- " + note);
            }
        }

        return sb.ToString();
    }

    /// <summary>Replaces the text between the result markers of a Markdown file.</summary>
    public static void RewriteSection(string docPath, string results)
    {
        string doc = File.ReadAllText(docPath);
        int start = doc.IndexOf(StartMarker, StringComparison.Ordinal);
        int end = doc.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{docPath} has no {StartMarker} … {EndMarker} section to rewrite.");
        }

        string updated = doc[..(start + StartMarker.Length)] + "\n" + results.TrimEnd() + "\n" + doc[end..];
        File.WriteAllText(docPath, updated);
    }
}

/// <summary>The machine and tools a run was made on.</summary>
internal sealed record MachineInfo(DateTime Date, int Cores, string CpuModel, double RamGb, string Os, double LoadAtStart, IReadOnlyList<string> Tools)
{
    public double LoadAtEnd { get; set; } = double.NaN;

    public static async Task<MachineInfo> ReadAsync(IEnumerable<(string Name, string Command, string[] Args)> tools)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string? mem = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        double ramGb = mem is null ? double.NaN : long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        string os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : "Linux";
        var versions = new List<string> { $".NET {Environment.Version}" };
        foreach ((string name, string command, string[] args) in tools)
        {
            if (!ProcessMeter.IsInstalled(command))
            {
                versions.Add($"{name} not installed");
                continue;
            }

            try
            {
                ProcessOutput o = await ProcessMeter.RunAsync(command, args, check: false, timeout: TimeSpan.FromSeconds(30));
                string first = (o.Stdout + "\n" + o.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
                versions.Add($"{name} {first.Replace(name, string.Empty, StringComparison.OrdinalIgnoreCase).Trim()}");
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                versions.Add($"{name} (version unknown)");
            }
        }

        return new MachineInfo(DateTime.UtcNow, Environment.ProcessorCount, cpu, ramGb, os, ProcessMeter.LoadAverage(), versions);
    }
}
