// Evaluates OCR preprocessing on a folder of page images with ground truth (the shared dev set):
// every configuration of steps, plus the tesseract command as the reference, per page and on average.
//
// usage: DocAssist.OcrEval <ocr-testdata-dir> [--configs none,orientation,orientation-retry,upscale,deskew,all,default] [--jobs N]
//                          [--tessdata DIR] [--no-cli] [--only SUBSTRING] [--osd]
using System.Diagnostics;
using System.Globalization;
using DocAssist.Core;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr;
using DocAssist.Ocr.Imaging;
using DocAssist.Testing;

if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("usage: DocAssist.OcrEval <ocr-testdata-dir> [--configs none,orientation,orientation-retry,upscale,deskew,all,default] [--jobs N] [--tessdata DIR] [--no-cli] [--only SUBSTRING] [--osd]");
    return 1;
}

string dataDir = Path.GetFullPath(args[0]);
string[] configNames = Option("--configs")?.Split(',') ?? ["none", "orientation", "orientation-retry", "upscale", "deskew", "all", "default"];
int jobs = int.Parse(Option("--jobs") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
string tessdata = TessdataLocator.Resolve(Option("--tessdata"));
string? only = Option("--only");
bool runCli = !args.Contains("--no-cli");

var pages = DevSet.Read(dataDir)
    .Where(p => only is null || p.File.Contains(only, StringComparison.Ordinal))
    .ToList();
Console.WriteLine($"{pages.Count} pages from {Path.GetFileName(dataDir)}, tessdata {tessdata}, {jobs} jobs");

if (args.Contains("--osd"))
{
    PrintOrientation(pages, tessdata);
}

if (args.Contains("--skew"))
{
    PrintSkew(pages);
}

if (args.Contains("--channels"))
{
    PrintChannels(pages);
    return 0;
}

if (args.Contains("--heights"))
{
    PrintTextHeights(pages);
    return 0;
}

var columns = new List<(string Name, double[] Cer, double Seconds, double Cpu)>();
if (runCli)
{
    columns.Add(await RunCliAsync(pages, tessdata, jobs));
}

foreach (string name in configNames)
{
    columns.Add(await RunConfigAsync(name, Pipeline(name), pages, tessdata, jobs));
}

PrintTable(pages, columns);
return 0;

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static PreprocessingPipeline Pipeline(string name) => name.EndsWith(NoRetry, StringComparison.Ordinal) ? Pipeline(name[..^NoRetry.Length]) : name switch
{
    // text-H[-dpiD]: enlarge low-resolution pages, then reduce pages whose median letter is taller than H pixels (not below D DPI).
    _ when name.StartsWith("text-", StringComparison.Ordinal) => TextScalePipeline(name),
    "none" => PreprocessingPipeline.None,
    "orientation" => new([new GrayscaleStep(), new OrientationStep()]),
    "orientation-retry" => new([new GrayscaleStep(), OrientationStep.Deferred]),
    "upscale" => new([new GrayscaleStep(), new UpscaleStep()]),
    "upscale-x3" => new([new GrayscaleStep(), new UpscaleStep(maxFactor: 3)]),
    "upscale-200" => new([new GrayscaleStep(), new UpscaleStep(minDpi: 200)]),
    "deskew" => new([new GrayscaleStep(), new DeskewStep()]),
    "all" => new([new GrayscaleStep(), new UpscaleStep(), new DeskewStep(), new OrientationStep()]),
    "deskew-all-angles" => new([new GrayscaleStep(), new DeskewStep { MinAngle = 0.1 }]),
    "upscale+orientation" => new([new GrayscaleStep(), new UpscaleStep(), new OrientationStep()]),
    "upscale+deskew+retry" => new([new GrayscaleStep(), new UpscaleStep(), new DeskewStep(), OrientationStep.Deferred]),
    "upscale+retry" => new([new GrayscaleStep(), new UpscaleStep(), OrientationStep.Deferred]),
    "deskew+retry" => new([new GrayscaleStep(), new DeskewStep(), OrientationStep.Deferred]),
    "default" => PreprocessingPipeline.Default,
    "no-text-scale" => PreprocessingPipeline.Default.Without<TextScaleStep>(),
    "down300" => new([new GrayscaleStep(), new UpscaleStep(maxDpi: 300), new DeskewStep(), OrientationStep.Deferred]),
    "down300-x1.5" => new([new GrayscaleStep(), new UpscaleStep(maxFactor: 1.5, maxDpi: 300), new DeskewStep(), OrientationStep.Deferred]),
    "down250" => new([new GrayscaleStep(), new UpscaleStep(targetDpi: 250, maxDpi: 250), new DeskewStep(), OrientationStep.Deferred]),
    _ => throw new ArgumentException($"unknown configuration '{name}'"),
};

static async Task<(string, double[], double, double)> RunConfigAsync(string name, PreprocessingPipeline pipeline, List<EvalPage> pages, string tessdata, int jobs)
{
    var cer = new double[pages.Count];
    var options = new ExtractOptions { Jobs = jobs };
    var ocr = new OcrOptions { Preprocessing = pipeline, RetryNearlyEmpty = !name.EndsWith(NoRetry, StringComparison.Ordinal) };
    var clock = Stopwatch.StartNew();
    double cpuStart = CpuTime.Self();

    // One pool per language, all loaded up front; a semaphore keeps `jobs` pages in flight across them, so the run has no
    // barrier between languages (like the CLI run, which starts one process per page).
    var pools = pages.Select(p => p.Lang).Distinct().ToDictionary(l => l, l => new OcrEnginePool(tessdata, l, jobs, options, ocr));
    double initSeconds = clock.Elapsed.TotalSeconds;
    try
    {
        using var inFlight = new SemaphoreSlim(jobs);
        var tasks = pages.Select(async (page, i) =>
        {
            await inFlight.WaitAsync();
            try
            {
                byte[] data = await File.ReadAllBytesAsync(page.Path);
                OcrPageResult result = await pools[page.Lang].RecognizeAsync(new PageImage { Data = data, Origin = page.File });
                cer[i] = TextMetrics.CharacterErrorRate(page.GroundTruth, result.Text);
                if (result.Rotation != 0 || result.Warnings.Count > 0)
                {
                    Console.WriteLine($"  [{name}] {page.File}: rotated {result.Rotation}° {string.Join("; ", result.Warnings)}");
                }
            }
            finally
            {
                inFlight.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
    }
    finally
    {
        foreach (OcrEnginePool pool in pools.Values)
        {
            pool.Dispose();
        }
    }

    double seconds = clock.Elapsed.TotalSeconds;
    double cpu = CpuTime.Self() - cpuStart;
    Console.WriteLine($"{name} ({pipeline.Name}): mean CER {cer.Average():P2}, {seconds:0.0} s wall ({initSeconds:0.0} s loading engines), {pages.Count / seconds:0.00} pages/s, {cpu:0.0} CPU s = {pages.Count / cpu:0.000} pages per CPU s");
    return (name, cer, seconds, cpu);
}

static async Task<(string, double[], double, double)> RunCliAsync(List<EvalPage> pages, string tessdata, int jobs)
{
    var cer = new double[pages.Count];
    var clock = Stopwatch.StartNew();
    double cpuStart = CpuTime.Children();
    await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = jobs }, async (i, ct) =>
    {
        var psi = new ProcessStartInfo("tesseract")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] extra = Environment.GetEnvironmentVariable("OCREVAL_CLI_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (string a in new[] { pages[i].Path, "stdout", "--tessdata-dir", tessdata, "-l", pages[i].Lang }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        string text = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        _ = await stderr;
        cer[i] = TextMetrics.CharacterErrorRate(pages[i].GroundTruth, text);
    });
    double seconds = clock.Elapsed.TotalSeconds;
    double cpu = CpuTime.Children() - cpuStart;
    Console.WriteLine($"tesseract CLI: mean CER {cer.Average():P2}, {seconds:0.0} s wall, {pages.Count / seconds:0.00} pages/s, {cpu:0.0} CPU s = {pages.Count / cpu:0.000} pages per CPU s");
    return ("cli", cer, seconds, cpu);
}

static void PrintOrientation(List<EvalPage> pages, string tessdata)
{
    using var detector = new OrientationDetector(tessdata);
    Console.WriteLine("| page | OSD rotation | confidence | script | ms |");
    Console.WriteLine("| --- | ---: | ---: | --- | ---: |");
    foreach (EvalPage page in pages)
    {
        using var decoded = PageImageLoader.Decode(new PageImage { Data = File.ReadAllBytes(page.Path) }, long.MaxValue);
        GrayImage gray = PageImageLoader.ToGray(decoded, PageImageLoader.StatedDpi(decoded));
        var clock = Stopwatch.StartNew();
        OrientationResult r = detector.Detect(gray);
        Console.WriteLine($"| {page.File} | {r.Rotation} | {r.Confidence:0.00} | {r.Script} | {clock.ElapsedMilliseconds} |");
    }
}

static PreprocessingPipeline TextScalePipeline(string name)
{
    string[] parts = name.Split('-');
    double target = double.Parse(parts[1], CultureInfo.InvariantCulture);
    double minDpi = parts.Length > 2 && parts[2].StartsWith("dpi", StringComparison.Ordinal) ? double.Parse(parts[2][3..], CultureInfo.InvariantCulture) : TextScaleStep.DefaultMinDpi;
    return new([new GrayscaleStep(), new TextScaleStep(target, minDpi), new UpscaleStep(maxDpi: 300), new DeskewStep(), OrientationStep.Deferred]);
}

static void PrintChannels(List<EvalPage> pages)
{
    Console.WriteLine("| page | luminance | red | green | blue |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
    foreach (EvalPage page in pages)
    {
        using var image = new ImageMagick.MagickImage(page.Path);
        var values = new List<string>();
        using (var lum = (ImageMagick.MagickImage)image.Clone())
        {
            values.Add(Separability(PageImageLoader.ToGray(lum, null)));
        }

        if (image.ChannelCount >= 3)
        {
            foreach (ImageMagick.IMagickImage<byte> channel in image.Separate().Take(3))
            {
                using var c = (ImageMagick.MagickImage)channel;
                values.Add(Separability(PageImageLoader.ToGray(c, null)));
            }
        }

        Console.WriteLine($"| {page.File} | {string.Join(" | ", values)} |");
    }

    static string Separability(GrayImage gray)
    {
        var histogram = new int[256];
        foreach (byte b in gray.Pixels.Span)
        {
            histogram[b]++;
        }

        (int t, double eta) = InkContrast.Otsu(histogram);
        return $"{eta:0.000} t{t}";
    }
}

static void PrintTextHeights(List<EvalPage> pages)
{
    Console.WriteLine("| page | DPI | median letter px | ms |");
    Console.WriteLine("| --- | ---: | ---: | ---: |");
    foreach (EvalPage page in pages)
    {
        // Measured as the text-scale step sees the page: as decoded, before any enlargement.
        using PreprocessContext context = Open(page);
        GrayImage gray = context.AsGray();
        var clock = Stopwatch.StartNew();
        double? height = TextHeight.Median(gray);
        Console.WriteLine($"| {page.File} | {context.Dpi:0} | {height:0.0} | {clock.ElapsedMilliseconds} |");
    }
}

static PreprocessContext Open(EvalPage page)
{
    var decoded = PageImageLoader.Decode(new PageImage { Data = File.ReadAllBytes(page.Path) }, long.MaxValue);
    return new PreprocessContext(decoded, PageImageLoader.StatedDpi(decoded));
}

static void PrintSkew(List<EvalPage> pages)
{
    Console.WriteLine("| page | skew ° | confidence | ms |");
    Console.WriteLine("| --- | ---: | ---: | ---: |");
    foreach (EvalPage page in pages)
    {
        using PreprocessContext context = Open(page);
        _ = context.AsGray();
        var clock = Stopwatch.StartNew();
        new DeskewStep { MinConfidence = 0 }.Apply(context);
        Console.WriteLine($"| {page.File} | {context.SkewAngle:0.00} | {context.SkewConfidence:0.00} | {clock.ElapsedMilliseconds} |");
    }
}

static void PrintTable(List<EvalPage> pages, List<(string Name, double[] Cer, double Seconds, double Cpu)> columns)
{
    Console.WriteLine();
    Console.WriteLine("| page | lang | " + string.Join(" | ", columns.Select(c => c.Name)) + " |");
    Console.WriteLine("| --- | --- | " + string.Join(" | ", columns.Select(_ => "---:")) + " |");
    for (int i = 0; i < pages.Count; i++)
    {
        Console.WriteLine($"| {pages[i].File} | {pages[i].Lang} | " + string.Join(" | ", columns.Select(c => (c.Cer[i] * 100).ToString("0.00", CultureInfo.InvariantCulture))) + " |");
    }

    Console.WriteLine("| **mean CER %** | | " + string.Join(" | ", columns.Select(c => $"**{c.Cer.Average() * 100:0.00}**")) + " |");
    Console.WriteLine("| pages/s (wall) | | " + string.Join(" | ", columns.Select(c => (pages.Count / c.Seconds).ToString("0.00", CultureInfo.InvariantCulture))) + " |");
    Console.WriteLine("| CPU s | | " + string.Join(" | ", columns.Select(c => c.Cpu.ToString("0.0", CultureInfo.InvariantCulture))) + " |");
}

/// <summary>Names and constants of the evaluation.</summary>
internal static partial class Program
{
    /// <summary>A configuration name ending so runs without the second, locally thresholded reading of nearly empty pages.</summary>
    private const string NoRetry = "-noretry";
}
