using DocAssist.Core.Errors;
using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Runs one input file through its decoder and, for pages that need it, OCR; pages are recognised in parallel and returned in order.</summary>
/// <remarks>Thread-safe and reusable: one instance serves many documents at once (its <c>onPage</c> then hears the pages of all of them).</remarks>
public sealed class DocumentExtractor
{
    private readonly IReadOnlyList<IDocumentDecoder> _decoders;
    private readonly IPageRecognizer _recognizer;
    private readonly Action<Page>? _onPage;

    /// <summary>Initializes a new instance of the <see cref="DocumentExtractor"/> class.</summary>
    /// <param name="decoders">The decoders, asked in order.</param>
    /// <param name="recognizer">The OCR engine pool.</param>
    /// <param name="onPage">Called once with each page as soon as it is finished (read from its text layer, recognised, or given up on
    /// because its image could not be read), in the order pages finish, on any thread and possibly from several at once; default: none.
    /// The page is reported before headers and footers are marked across the document. It must not throw.</param>
    public DocumentExtractor(IEnumerable<IDocumentDecoder> decoders, IPageRecognizer recognizer, Action<Page>? onPage = null)
    {
        ArgumentNullException.ThrowIfNull(decoders);
        ArgumentNullException.ThrowIfNull(recognizer);
        _decoders = [.. decoders];
        _recognizer = recognizer;
        _onPage = onPage;
    }

    /// <summary>Extracts every page of a file.</summary>
    /// <param name="path">The input file.</param>
    /// <param name="options">Extraction options.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>The document with its pages in order.</returns>
    /// <exception cref="UnsupportedDocumentException">The file's content is of no supported type.</exception>
    /// <exception cref="DocumentFormatException">The file cannot be read at all.</exception>
    /// <exception cref="EncryptedDocumentException">The file needs a password.</exception>
    public async Task<Document> ExtractAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);

        DocumentKind kind;
        try
        {
            // Pipes and devices report no size: refusing them here means they are never opened (a FIFO would block forever).
            if (new FileInfo(path).Length == 0)
            {
                throw new DocumentFormatException($"{path}: is empty (0 bytes) or not a regular file.") { FilePath = path };
            }

            kind = FileKindDetector.Detect(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DocumentFormatException($"{path}: cannot be read ({ex.Message}).", ex) { FilePath = path };
        }

        IDocumentDecoder decoder = _decoders.FirstOrDefault(d => d.CanDecode(kind))
            ?? throw new UnsupportedDocumentException(kind == DocumentKind.Unknown
                ? $"{path}: unsupported file type (not a PDF, an image DocAssist reads, or UTF-8 text)."
                : $"{path}: no reader for {kind} files is configured.")
            { FilePath = path };

        // Bound the pages in flight so a long document never holds all its images in memory at once.
        using var inFlight = new SemaphoreSlim(Math.Max(1, _recognizer.Concurrency) * 2);
        var pending = new List<Task<Page>>();
        try
        {
            await foreach (PageContent content in decoder.DecodeAsync(path, options, cancellationToken).ConfigureAwait(false))
            {
                if (content.Image is null)
                {
                    pending.Add(Task.FromResult(Finished(FromTextLayer(content, options))));
                    continue;
                }

                await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                pending.Add(RecognizeAsync(path, content, options, inFlight, cancellationToken));
            }
        }
        finally
        {
            // Never leave page tasks running behind an error.
            await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }

        IReadOnlyList<Page> pages = PageFurniture.Mark(await Task.WhenAll(pending).ConfigureAwait(false));

        // An image file whose every frame failed to decode has nothing to offer: that is an error, not an empty success. A frame whose
        // OCR ran over the page time limit was decoded: it stays a page with its code (page.timeout), as in a PDF, for the host to act on.
        if (kind == DocumentKind.Image && pages.Count > 0 && pages.All(p => p.Source == PageSource.None && p.Warnings.Any(IsUnreadableImage)))
        {
            throw new DocumentFormatException($"{path}: {pages[0].Warnings.First(IsUnreadableImage)}") { FilePath = path };
        }

        var warnings = pages.SelectMany(p => p.Warnings.Select(w => $"page {p.Number}: {w}")).ToList();
        return new Document { File = path, Kind = kind, Pages = pages, Warnings = warnings };
    }

    private const string UnreadableImageWarning = "page image could not be read: ";

    private static bool IsUnreadableImage(string warning) => warning.StartsWith(UnreadableImageWarning, StringComparison.Ordinal);

    // A page with no text layer may still carry blocks (form values, notes), which are then its text.
    private static Page FromTextLayer(PageContent content, ExtractOptions options) => new()
    {
        Number = content.Number,
        Text = content.Text ?? TextBlock.Join(content.Blocks),
        Source = content.Text is null && content.Blocks.Count == 0 ? PageSource.None : PageSource.TextLayer,
        Words = options.IncludeWords ? content.Words : [],
        Blocks = content.Blocks,
        Width = content.Width,
        Height = content.Height,
        Unit = content.Unit,
        Figures = content.Figures,
        Warnings = content.Warnings,
    };

    private Page Finished(Page page)
    {
        _onPage?.Invoke(page);
        return page;
    }

    private async Task<Page> RecognizeAsync(
        string path, PageContent content, ExtractOptions options, SemaphoreSlim inFlight, CancellationToken cancellationToken) =>
        Finished(await ReadImageAsync(path, content, options, inFlight, cancellationToken).ConfigureAwait(false));

    private async Task<Page> ReadImageAsync(
        string path, PageContent content, ExtractOptions options, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            PageImage image = options.IncludeWords && !content.Image!.NeedsWords ? content.Image with { NeedsWords = true } : content.Image!;
            OcrPageResult result = await _recognizer.RecognizeAsync(image, cancellationToken).ConfigureAwait(false);
            (double width, double height, PageUnit unit, Func<BoundingBox, BoundingBox> map) = PageGeometry.ForOcr(content, result);
            List<Word> words = [.. result.Words.Select(w => w with { Box = map(w.Box) })];
            if (content.Text is not null || content.Blocks.Count > 0)
            {
                return MergeWithTextLayer(content, result, words, options);
            }

            return new Page
            {
                Number = content.Number,
                Text = result.Text,
                Source = string.IsNullOrWhiteSpace(result.Text) ? PageSource.None : PageSource.Ocr,
                Confidence = string.IsNullOrWhiteSpace(result.Text) ? null : result.Confidence,
                Words = options.IncludeWords ? words : [],
                Rotation = result.Rotation,
                Width = width,
                Height = height,
                Unit = unit,
                Script = result.Script,
                IsUnreliable = result.IsUnreliable,
                Figures = PageGeometry.FiguresForOcr(content, result),
                Warnings = [.. content.Warnings, .. result.Warnings],
            };
        }
        catch (DocAssistException ex) when (ex is DocumentFormatException or OcrException)
        {
            // One unreadable page image must not cost the rest of the document; a mixed page still has its text layer (or form values).
            Page page = content.Text is null && content.Blocks.Count == 0
                ? new Page { Number = content.Number, Text = string.Empty, Source = PageSource.None, Width = content.Width, Height = content.Height, Unit = content.Unit, Figures = content.Figures }
                : FromTextLayer(content, options);
            string warning = ex.Code == ErrorCodes.PageTimeout ? ex.Message : UnreadableImageWarning + ex.Message;
            return page with { Warnings = [.. content.Warnings, warning], ErrorCode = ex.Code ?? ErrorCodes.PageUnreadable };
        }
        finally
        {
            inFlight.Release();
        }
    }

    // A page with a real text layer (or form values, notes) and images: the layer is kept whole; OCR adds the words it does not
    // cover. A form's values and notes are drawn on the page too, so OCR words inside their boxes are theirs already.
    private static Page MergeWithTextLayer(PageContent content, OcrPageResult result, List<Word> ocrWords, ExtractOptions options)
    {
        Word[] covered = [.. content.Words, .. content.Blocks.Where(b => b.Box is not null && b.Role is TextRole.FormField or TextRole.Annotation).Select(b => new Word(b.Text, null, b.Box!.Value))];
        IReadOnlyList<Word> addedWords = MixedPage.NewWords(covered, ocrWords);
        Page layer = FromTextLayer(content, options) with { Warnings = [.. content.Warnings, .. result.Warnings] };
        if (addedWords.Count == 0)
        {
            return layer;
        }

        IReadOnlyList<TextBlock> blocks = MixedPage.Insert(content.Blocks, MixedPage.ToBlocks(addedWords));
        float confidence = addedWords.Average(w => w.Confidence ?? 0);
        return layer with
        {
            Text = TextBlock.Join(blocks),
            Source = PageSource.Mixed,
            Blocks = blocks,
            Confidence = confidence,
            Words = options.IncludeWords ? [.. content.Words, .. addedWords] : [],
        };
    }
}
