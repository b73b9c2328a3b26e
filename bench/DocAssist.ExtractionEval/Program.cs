// Measures DocAssist's born-digital PDF text extraction against poppler's pdftotext on a set of real PDFs:
// word recall, words run together (tokens of 18+ letters), reading order. See docs/extraction-quality.md.
//
// usage: DocAssist.ExtractionEval [--out FILE.md] [--json FILE.json|-] [--dump DIR] [--only SUBSTRING] [--jobs N] FILE|FOLDER...
using System.Diagnostics;
using System.Globalization;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.ExtractionEval;
using DocAssist.Pdf;

// Token counts this far from pdftotext's are worth a note.
const double MoreTokens = 1.25, FewerTokens = 0.8;
const string Usage = "usage: DocAssist.ExtractionEval [--out FILE.md] [--json FILE.json|-] [--dump DIR] [--only SUBSTRING] [--jobs N] FILE|FOLDER...";

string? outFile = null, jsonFile = null, dumpDir = null, only = null;
int jobs = Environment.ProcessorCount;
var inputs = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length: outFile = args[++i]; break;
        case "--json" when i + 1 < args.Length: jsonFile = args[++i]; break;
        case "--dump" when i + 1 < args.Length: dumpDir = args[++i]; break;
        case "--only" when i + 1 < args.Length: only = args[++i]; break;
        case "--jobs" when i + 1 < args.Length: jobs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        case var a when a.StartsWith("--", StringComparison.Ordinal): Console.Error.WriteLine($"unknown option {a}\n{Usage}"); return 1;
        default: inputs.Add(args[i]); break;
    }
}

if (inputs.Count == 0)
{
    Console.Error.WriteLine(Usage);
    return 1;
}

var skipped = new List<(string Label, string Reason)>();
List<InputFile> files = [.. Inputs.Expand(inputs, skipped).Where(f => only is null || f.Label.Contains(only, StringComparison.Ordinal))];
Console.Error.WriteLine($"{files.Count} PDFs ({skipped.Count} left out: duplicates or manifest kinds without a text layer)");

// The reference first, all files at once (a few processes in flight): it decides which files have a text layer at all.
using var gate = new SemaphoreSlim(jobs);
var references = await Task.WhenAll(files.Select(async f =>
{
    await gate.WaitAsync();
    try
    {
        return await Pdftotext.ExtractAsync(f.Path);
    }
    finally
    {
        gate.Release();
    }
}));

var extractor = new DocumentExtractor([new PdfDocumentDecoder()], new NoOcr());
var options = new ExtractOptions { Jobs = jobs };
var results = new List<FileResult>();
for (int i = 0; i < files.Count; i++)
{
    FileResult result = await MeasureAsync(files[i], references[i]);
    results.Add(result);
    Console.Error.WriteLine($"{result.File}: recall {result.Recall?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–"}, long {result.LongOurs}/{result.LongReference}, order {result.Order?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–"} {string.Join("; ", result.Notes)}");
}

string markdown = Report.Markdown(results);
Console.WriteLine(markdown);
if (outFile is not null)
{
    await File.WriteAllTextAsync(outFile, markdown);
}

if (jsonFile == "-")
{
    Console.WriteLine(Report.ToJson(results));
}
else if (jsonFile is not null)
{
    await File.WriteAllTextAsync(jsonFile, Report.ToJson(results));
}

return 0;

async Task<FileResult> MeasureAsync(InputFile file, (string[]? Pages, string? Error, bool MissingLanguagePack) reference)
{
    var result = new FileResult { Group = file.Group, File = file.Label };
    if (reference.Pages is null)
    {
        return result with { Notes = [reference.Error ?? "pdftotext failed"] };
    }

    (bool isReal, int letters, double unreadable) = Scores.RealText(string.Concat(reference.Pages));
    if (!isReal)
    {
        return result with { Notes = [$"no real text layer (pdftotext: {letters} letters, {unreadable:P0} unreadable)"] };
    }

    Document document;
    var clock = Stopwatch.StartNew();
    try
    {
        document = await extractor.ExtractAsync(file.Path, options);
    }
    catch (DocAssistException ex)
    {
        return result with { RealText = true, Notes = [$"DocAssist failed: {ex.GetType().Name}: {ex.Message.Replace(file.Path, Path.GetFileName(file.Path), StringComparison.Ordinal)}"] };
    }

    double seconds = clock.Elapsed.TotalSeconds;
    var notes = new List<string>();
    var compared = document.Pages.Where(p => p.Source is PageSource.TextLayer or PageSource.Mixed).ToList();
    List<int> notCompared = [.. document.Pages.Where(p => p.Source is not (PageSource.TextLayer or PageSource.Mixed)).Select(p => p.Number)];
    if (notCompared.Count > 0)
    {
        notes.Add($"{(notCompared.Count == 1 ? "page" : "pages")} {Pages(notCompared)} not from the text layer (not compared)");
    }

    if (document.Pages.Count != reference.Pages.Length)
    {
        notes.Add($"pdftotext has {reference.Pages.Length} pages");
    }

    string ours = string.Join("\n\f\n", compared.Select(p => p.Text));
    string theirs = string.Join("\n\f\n", compared.Where(p => p.Number <= reference.Pages.Length).Select(p => reference.Pages[p.Number - 1]));
    if (dumpDir is not null)
    {
        string stem = Path.Combine(dumpDir, file.Label.Replace('/', '_'));
        Directory.CreateDirectory(dumpDir);
        await File.WriteAllTextAsync(stem + ".docassist.txt", ours);
        await File.WriteAllTextAsync(stem + ".pdftotext.txt", theirs);
    }

    List<string> ourTokens = WordTokens.Tokenize(ours), theirTokens = WordTokens.Tokenize(theirs);
    double tokenRatio = theirTokens.Count == 0 ? 1 : (double)ourTokens.Count / theirTokens.Count;
    bool incompleteReference = reference.MissingLanguagePack && tokenRatio > 1 / FewerTokens;
    if (reference.MissingLanguagePack)
    {
        notes.Add(incompleteReference
            ? "pdftotext lacks a language pack (poppler-data) and misses much of the text: no reference"
            : "pdftotext lacks a language pack (poppler-data) for some glyphs");
    }

    if (tokenRatio is >= MoreTokens or <= FewerTokens)
    {
        // Doubled glyphs (fake bold) show up as many more tokens; glued words as fewer.
        notes.Add($"{tokenRatio.ToString("0.00", CultureInfo.InvariantCulture)}× pdftotext's token count");
    }

    (double? order, int orderWords) = Scores.Order(theirTokens, ourTokens);
    return result with
    {
        Pages = document.Pages.Count,
        TextPages = compared.Count,
        RealText = true,
        ReferenceTokens = theirTokens.Count,
        OurTokens = ourTokens.Count,
        Recall = compared.Count == 0 ? null : Scores.Recall(theirTokens, ourTokens),
        LongOurs = Scores.LongTokens(ourTokens),
        LongReference = Scores.LongTokens(theirTokens),
        Order = order,
        OrderWords = orderWords,
        Seconds = seconds,
        Counted = compared.Count > 0 && !incompleteReference,
        Notes = notes,
    };
}

static string Pages(List<int> numbers) =>
    numbers.Count <= 6 ? string.Join(",", numbers) : $"{string.Join(",", numbers.Take(5))}… ({numbers.Count})";

/// <summary>Refuses every page image: only text layers are measured, so a page that needs OCR is left out, not read.</summary>
internal sealed class NoOcr : IPageRecognizer
{
    public int Concurrency => 1;

    public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) =>
        throw new OcrException("The extraction evaluation measures text layers only; this page would need OCR.");
}
