using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocAssist.Core;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Llm.Retrieval;
using DocAssist.Llm.Text;
using DocAssist.Pdf;

// Retrieval quality on a QA set: is a gold answer inside the top-K passages the `ask` command would give the model?
// Usage: DocAssist.RetrievalEval QA_DIR [--top K] [--passage-tokens N] [--overlap-tokens N] [--misses FILE]
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: DocAssist.RetrievalEval QA_DIR [--top K] [--passage-tokens N] [--overlap-tokens N] [--misses FILE]");
    return 2;
}

string qaDir = args[0];
int top = Flag("--top", Retriever.DefaultTopK);
int passageTokens = Flag("--passage-tokens", Chunker.DefaultPassageTokens);
int overlapTokens = Flag("--overlap-tokens", Chunker.DefaultOverlapTokens);
string? missesFile = args.SkipWhile(a => a != "--misses").Skip(1).FirstOrDefault();

var clock = Stopwatch.StartNew();
var extractor = new DocumentExtractor([new TextDecoder(), new PdfDocumentDecoder()], new NoOcr());
var documents = new Dictionary<string, Document>(StringComparer.Ordinal);
var questions = new List<Question>();
foreach (string line in File.ReadLines(Path.Combine(qaDir, "qa.jsonl")))
{
    using JsonDocument json = JsonDocument.Parse(line);
    JsonElement r = json.RootElement;
    var q = new Question(
        r.GetProperty("id").GetString()!,
        [.. r.GetProperty("docs").EnumerateArray().Select(d => d.GetString()!)],
        r.GetProperty("question").GetString()!,
        [.. r.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!)],
        r.GetProperty("answer_type").GetString()!.StartsWith("extractive", StringComparison.Ordinal),
        r.GetProperty("lang").GetString()!);
    questions.Add(q);
    foreach (string doc in q.Docs.Where(d => !documents.ContainsKey(d)))
    {
        Document d = await extractor.ExtractAsync(Path.Combine(qaDir, doc), new ExtractOptions()).ConfigureAwait(false);
        documents[doc] = d with { File = doc };
    }
}

TimeSpan extraction = clock.Elapsed;

// One index of the whole folder, searched as `ask` searches it: through the retriever (k distinct passages), scoped to the question's
// documents (as `ask FILE`, or a folder holding just them) or not scoped (as `ask DIR`).
using Bm25Index folder = Bm25Index.OpenInMemory();
foreach ((string name, Document d) in documents)
{
    folder.Upsert(d, name, Chunker.ForRetrieval(d, passageTokens, overlapTokens));
}

var retriever = new Retriever(folder);

var misses = new StringBuilder();
int spanTotal = 0, spanHitDoc = 0, spanHitFolder = 0;
var byLanguage = new SortedDictionary<string, (int Total, int Hit)>(StringComparer.Ordinal);
int factTotal = 0, factFound = 0, longForm = 0;
var searchClock = Stopwatch.StartNew();
foreach (Question q in questions)
{
    IReadOnlyList<SearchHit> scoped = await retriever.SearchAsync(q.Text, top, SearchScope.Documents(q.Docs)).ConfigureAwait(false);
    IReadOnlyList<SearchHit> wide = await retriever.SearchAsync(q.Text, top).ConfigureAwait(false);
    if (q.Extractive)
    {
        spanTotal++;
        bool inDoc = Contains(scoped, q.Answers);
        spanHitDoc += inDoc ? 1 : 0;
        (int t, int h) = byLanguage.GetValueOrDefault(q.Language);
        byLanguage[q.Language] = (t + 1, h + (inDoc ? 1 : 0));
        spanHitFolder += Contains(wide, q.Answers) ? 1 : 0;
        if (!inDoc)
        {
            misses.Append(CultureInfo.InvariantCulture, $"{q.Id}\t{q.Text}\t{q.Answers[0]}\n");
        }
    }
    else
    {
        // Long-form answers are drafted prose: count their figures (amounts, percentages, dates) found in the passages.
        longForm++;
        string passages = Normalize(string.Join(" ", scoped.Select(h => h.Chunk.Text)));
        foreach (string fact in Facts(q.Answers[0]))
        {
            factTotal++;
            factFound += passages.Contains(Normalize(fact), StringComparison.Ordinal) ? 1 : 0;
        }
    }
}

double perQuery = searchClock.Elapsed.TotalMilliseconds / questions.Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qa set: {questions.Count} questions over {documents.Count} documents ({documents.Values.Sum(d => d.Pages.Count)} pages), passages of ~{passageTokens} tokens (overlap {overlapTokens}), top {top}; {folder.PassageCount} passages in all, {folder.PassageCount / (double)documents.Count:0} per document on average"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@{top} (extractive answers, {spanTotal} questions), scoped to its documents (ask FILE): {Pct(spanHitDoc, spanTotal)} ({spanHitDoc}/{spanTotal})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@{top} (extractive answers, {spanTotal} questions), whole folder (ask DIR):             {Pct(spanHitFolder, spanTotal)} ({spanHitFolder}/{spanTotal})"));
Console.WriteLine("  by language (per-document): " + string.Join(", ", byLanguage.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {Pct(l.Value.Hit, l.Value.Total)} ({l.Value.Hit}/{l.Value.Total})"))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"long-form answers ({longForm} questions): {Pct(factFound, factTotal)} of their {factTotal} figures appear in the top {top} passages"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: extraction {extraction.TotalSeconds:0.0} s, search {perQuery:0.00} ms/question"));
if (missesFile is not null)
{
    await File.WriteAllTextAsync(missesFile, misses.ToString()).ConfigureAwait(false);
}

return 0;

int Flag(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static bool Contains(IReadOnlyList<SearchHit> hits, IReadOnlyList<string> answers)
{
    string text = Normalize(string.Join(" \u0001 ", hits.Select(h => h.Chunk.Text)));
    return answers.Any(a => Normalize(a) is { Length: > 0 } n && text.Contains(n, StringComparison.Ordinal));
}

// SQuAD-style answer normalisation: case, punctuation and spacing do not count.
static string Normalize(string s) =>
    Regex.Replace(new string([.. s.Normalize(NormalizationForm.FormC).ToLowerInvariant().Select(c => char.IsPunctuation(c) ? ' ' : c)]), @"\s+", " ").Trim();

static IEnumerable<string> Facts(string answer) =>
    Regex.Matches(answer, @"\d[\d,.]*\d|\d").Select(m => m.Value.TrimEnd('.', ',')).Where(v => v.Length >= 3).Distinct();

static string Pct(int n, int total) => total == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / total:0.0}%");

internal sealed record Question(string Id, IReadOnlyList<string> Docs, string Text, IReadOnlyList<string> Answers, bool Extractive, string Language);

internal sealed class NoOcr : IPageRecognizer
{
    public int Concurrency => 1;

    public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The QA set's PDFs are born-digital; no page should need OCR.");
}
