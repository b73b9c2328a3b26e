using System.Collections.Frozen;
using System.Threading.Channels;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using ImageMagick;

namespace DocAssist.Ocr;

/// <summary>Recognises pages on N dedicated worker threads, each owning one <see cref="TesseractOcrEngine"/> for its whole life; they share one <see cref="OrientationDetector"/> (orientation and script), loaded when a page first needs it.</summary>
/// <remarks>
/// Thread-safe: any number of callers may queue pages. Pages wait in a channel; a free worker decodes, preprocesses and recognises each,
/// so image work runs in parallel too. Engines are loaded once, in the constructor, never per page.
/// Disposing stops the workers after the page each is on; pages still queued then fail with <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class OcrEnginePool : IPageRecognizer, IDisposable
{
    // Tesseract's layout analysis recurses deeply on some pages; the default secondary-thread stack is small.
    private const int WorkerStackBytes = 16 * 1024 * 1024;

    /// <summary>A first reading with fewer real words than this is read again with a local threshold.</summary>
    internal const int NearlyEmptyWords = 5;

    /// <summary>The mean confidence a locally thresholded reading needs to replace a (nearly) empty one.</summary>
    internal const float MinLocalThresholdConfidence = 50;

    /// <summary>Images narrower or lower than this are not read a second time.</summary>
    private const int MinLocalThresholdSide = 64;

    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Thread[] _workers;
    private readonly ExtractOptions _options;
    private readonly OcrOptions _ocrOptions;
    private readonly PreprocessingPipeline _pipeline;
    private readonly OrientationDetector? _detector;
    private readonly FrozenSet<string> _installed;
    private volatile bool _disposed;
    private int _running;
    private int _peakRunning;

    /// <summary>Initializes a new instance of the <see cref="OcrEnginePool"/> class and loads one engine per worker.</summary>
    /// <param name="tessdataPath">The folder holding the <c>.traineddata</c> files (see <see cref="TessdataLocator"/>).</param>
    /// <param name="languages">Languages joined with <c>+</c>: <c>eng</c>, <c>fra</c>, <c>eng+fra</c>.</param>
    /// <param name="jobs">How many pages run at once (one engine each); usually the number of cores.</param>
    /// <param name="options">Image size limit, word boxes and orientation detection are taken from here.</param>
    /// <param name="ocrOptions">Preprocessing and the page time limit; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ConfigException">A language file (or <c>osd.traineddata</c>, when orientation is detected) is missing or cannot be loaded.</exception>
    public OcrEnginePool(string tessdataPath, string languages, int jobs, ExtractOptions options, OcrOptions? ocrOptions = null)
    {
        ArgumentNullException.ThrowIfNull(tessdataPath);
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jobs);

        TessdataPath = Path.GetFullPath(tessdataPath);
        Languages = languages;
        _options = options;
        _ocrOptions = ocrOptions ?? new OcrOptions();
        _pipeline = options.DetectOrientation ? _ocrOptions.Preprocessing : _ocrOptions.Preprocessing.Without<OrientationStep>();

        // Fail fast, with the file name, before any thread starts.
        TessdataLocator.EnsureLanguages(TessdataPath, languages);
        _installed = Directory.EnumerateFiles(TessdataPath, "*.traineddata")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(m => m is not OrientationDetector.OsdLanguage and not "equ")
            .ToFrozenSet(StringComparer.Ordinal);

        // Script detection uses the orientation detector's model when it is there; without it, pages are only checked for their words' language.
        if (_pipeline.Contains<OrientationStep>()
            || (_ocrOptions.CheckLanguage && File.Exists(Path.Combine(TessdataPath, OrientationDetector.OsdLanguage + ".traineddata"))))
        {
            _detector = new OrientationDetector(TessdataPath);
        }

        _workers = new Thread[jobs];
        var ready = new Task[jobs];
        for (int i = 0; i < jobs; i++)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ready[i] = started.Task;
            _workers[i] = new Thread(() => WorkerLoop(started), WorkerStackBytes)
            {
                IsBackground = true,
                Name = $"docassist-ocr-{i + 1}",
            };
            _workers[i].Start();
        }

        try
        {
            Task.WaitAll(ready);
        }
        catch (AggregateException ex)
        {
            Dispose();
            Exception first = ex.Flatten().InnerExceptions[0];
            throw first is DocAssistException ? first : new OcrException($"The OCR engines could not be started: {first.Message}", first);
        }
    }

    /// <summary>Gets the full path of the language data folder.</summary>
    public string TessdataPath { get; }

    /// <summary>Gets the language list every engine was loaded with.</summary>
    public string Languages { get; }

    /// <inheritdoc/>
    public int Concurrency => _workers.Length;

    /// <summary>Gets the most pages that were being worked on at the same moment so far (for tests and diagnostics).</summary>
    internal int PeakConcurrency => Volatile.Read(ref _peakRunning);

    /// <summary>Gets the preprocessing pipeline pages go through.</summary>
    public PreprocessingPipeline Preprocessing => _pipeline;

    /// <summary>Loads the native OCR libraries (Tesseract, Leptonica) and the image decoder (ImageMagick) and initializes them, so the first page does
    /// not wait for it: a worker calls this on a spare thread while its first request is on its way. Never throws: a failure only loses the head start.</summary>
    public static void WarmUp()
    {
        try
        {
            Interop.NativeEnvironment.EnsureInitialized();
            PageImageLoader.WarmUp();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The first page reports any real problem, with its file name.
        }
    }

    /// <summary>Creates a pool from the shared options: language data found by <see cref="TessdataLocator.Resolve"/>, <see cref="ExtractOptions.Languages"/>, <see cref="ExtractOptions.Jobs"/>.</summary>
    /// <param name="options">The extraction options.</param>
    /// <param name="ocrOptions">Preprocessing and the page time limit; <see langword="null"/> for the defaults.</param>
    /// <returns>The running pool.</returns>
    /// <exception cref="ConfigException">No language data folder is found, or a language file is missing.</exception>
    public static OcrEnginePool Create(ExtractOptions options, OcrOptions? ocrOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OcrEnginePool(TessdataLocator.Resolve(options.TessdataPath), options.Languages, Math.Max(1, options.Jobs), options, ocrOptions);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public Task<OcrPageResult> RecognizeAsync(PageImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<OcrPageResult>(cancellationToken);
        }

        var item = new WorkItem(image, cancellationToken);
        if (!_queue.Writer.TryWrite(item))
        {
            item.Dispose();
            throw new ObjectDisposedException(nameof(OcrEnginePool));
        }

        return item.Completion.Task;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        foreach (Thread worker in _workers ?? [])
        {
            if (worker is not null && worker.IsAlive && worker != Thread.CurrentThread)
            {
                worker.Join();
            }
        }

        _detector?.Dispose();
    }

    private void WorkerLoop(TaskCompletionSource started)
    {
        TesseractOcrEngine? engine = null;
        try
        {
            try
            {
                engine = new TesseractOcrEngine(TessdataPath, Languages);
            }
            catch (Exception ex)
            {
                started.TrySetException(ex);
                return;
            }

            started.TrySetResult();
            ChannelReader<WorkItem> reader = _queue.Reader;

            // A dedicated thread may block: it has nothing else to do while the queue is empty.
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out WorkItem? item))
                {
                    using (item)
                    {
                        if (_disposed)
                        {
                            item.Completion.TrySetException(new ObjectDisposedException(nameof(OcrEnginePool)));
                        }
                        else
                        {
                            Process(item, engine, _detector);
                        }
                    }
                }
            }
        }
        finally
        {
            engine?.Dispose();
        }
    }

    private void Process(WorkItem item, TesseractOcrEngine engine, OrientationDetector? detector)
    {
        CancellationToken token = item.CancellationToken;
        if (item.Completion.Task.IsCompleted || token.IsCancellationRequested)
        {
            // Abandoned while it waited in the queue.
            item.Completion.TrySetCanceled(token);
            return;
        }

        int running = Interlocked.Increment(ref _running);
        for (int peak = Volatile.Read(ref _peakRunning); running > peak; peak = Volatile.Read(ref _peakRunning))
        {
            _ = Interlocked.CompareExchange(ref _peakRunning, running, peak);
        }

        try
        {
            OcrPageResult result = RecognizePage(item.Image, engine, detector, token);
            item.Completion.TrySetResult(result);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            item.Completion.TrySetCanceled(token);
        }
        catch (DocAssistException ex)
        {
            item.Completion.TrySetException(ex);
        }
#pragma warning disable CA1031 // A worker must complete every page it takes, whatever went wrong, or its caller waits forever.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            item.Completion.TrySetException(new OcrException($"OCR of {item.Image.Origin} (frame {item.Image.Frame + 1}) failed: {ex.Message}", ex));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private OcrPageResult RecognizePage(PageImage image, TesseractOcrEngine engine, OrientationDetector? detector, CancellationToken token)
    {
        var warnings = new List<string>();
        using PreprocessContext context = CreateContext(image, warnings);
        (int sourceWidth, int sourceHeight) = (context.Width, context.Height);
        context.OrientationDetector = detector;
        context.CancellationToken = token;
        GrayImage page = _pipeline.Run(context);
        bool includeWords = _options.IncludeWords || image.NeedsWords;
        OcrPageResult result = engine.Recognize(page, includeWords, _ocrOptions.PageTimeout, token);
        // A page that yielded no text at all is blank (or all image): turning it will not find any, so skip the second reading.
        if (_pipeline.DeferredOrientation is { } orientation && context.OrientationDetector is not null
            && result.Confidence < orientation.RetryBelowOcrConfidence && !string.IsNullOrWhiteSpace(result.Text))
        {
            result = RetryTurned(orientation, context, page, result, engine, includeWords, token);
        }

        int found = RealWords(result.Text);
        if (_ocrOptions.RetryNearlyEmpty && found < NearlyEmptyWords)
        {
            result = RetryThresholdedLocally(context, result, found, engine, includeWords, token);
        }

        warnings.AddRange(context.Warnings);

        (string? script, bool unreliable) = _ocrOptions.CheckLanguage ? CheckLanguage(result, context, detector, warnings) : (null, false);

        IReadOnlyList<Word> words = context.Scale == 1 && context.Straightened == 0
            ? result.Words
            : [.. result.Words.Select(w => w with { Box = Unscale(Unskew(w.Box, context), context.Scale) })];
        return result with
        {
            Words = words,
            Rotation = context.Rotation,
            Warnings = warnings,
            ImageWidth = context.Rotation is 90 or 270 ? sourceHeight : sourceWidth,
            ImageHeight = context.Rotation is 90 or 270 ? sourceWidth : sourceHeight,
            Script = script,
            IsUnreliable = unreliable,
        };
    }

    // Detects the page's script (reusing the orientation check's answer when the page had one) and checks it, then the words' language.
    private (string? Script, bool Unreliable) CheckLanguage(OcrPageResult result, PreprocessContext context, OrientationDetector? detector, List<string> warnings)
    {
        int realWords = RealWords(result.Text);
        string? script = null;
        if (detector is not null && realWords >= PageLanguageCheck.MinWordsForScript
            && (context.Orientation is not null || result.Confidence < PageLanguageCheck.ConfidentReading))
        {
            OrientationResult detection = context.Orientation ?? detector.Detect(context.AsGray());
            script = PageLanguageCheck.IsTrusted(detection) ? detection.Script : null;
            if (PageLanguageCheck.ReviewScript(detection, Languages, result.Confidence) is { } scriptWarning)
            {
                warnings.Add(scriptWarning);
                return (script, true);
            }
        }

        if (PageLanguageCheck.SuggestLanguage(result.Text, Languages, _installed) is { } languageWarning)
        {
            warnings.Add(languageWarning);
        }

        return (script, false);
    }

    private OcrPageResult RetryTurned(
        OrientationStep orientation, PreprocessContext context, GrayImage page, OcrPageResult first, TesseractOcrEngine engine, bool includeWords, CancellationToken token)
    {
        int before = context.Rotation;
        orientation.Apply(context);
        if (context.Rotation == before)
        {
            return first;
        }

        OcrPageResult turned = engine.Recognize(context.AsGray(), includeWords, _ocrOptions.PageTimeout, token);
        if (turned.Confidence > first.Confidence)
        {
            return turned;
        }

        // The first reading was better: report the page as read, unturned.
        context.Rotation = before;
        context.SetGray(page);
        context.Warnings.Add($"orientation detection suggested turning the page {context.Orientation?.Rotation}°, but the page read better as it is");
        return first;
    }

    // A page read (nearly) empty is read again with a local threshold: a tinted sheet on a white ground, or uneven lighting, hides all
    // its text from a global one. The second reading is kept when it finds more words and reads them with some confidence (a blank page
    // or a photo then stays empty instead of gaining a few specks read as letters).
    private OcrPageResult RetryThresholdedLocally(
        PreprocessContext context, OcrPageResult first, int firstWords, TesseractOcrEngine engine, bool includeWords, CancellationToken token)
    {
        GrayImage page = context.AsGray();
        if (page.Width < MinLocalThresholdSide || page.Height < MinLocalThresholdSide)
        {
            // A few pixels hold no text to recover (and Sauvola's window does not fit in them).
            return first;
        }

        OcrPageResult local = engine.RecognizeThresholdedLocally(page, includeWords, _ocrOptions.PageTimeout, token);
        int words = RealWords(local.Text);
        if (words <= firstWords || words < NearlyEmptyWords || local.Confidence < MinLocalThresholdConfidence)
        {
            return first;
        }

        context.Warnings.Add($"read with a local threshold (one threshold for the whole page found {firstWords} words: tinted paper or uneven lighting?)");
        return local;
    }

    private static int RealWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(TesseractOcrEngine.IsRealWord);

    private PreprocessContext CreateContext(PageImage image, List<string> warnings) =>
        PageImageLoader.DecodePage(image, _options.MaxImagePixels, warnings: warnings).ToContext();

    // A straightened page was turned about its centre: each word's box is moved back to where the word lies on the source image
    // (its size kept; the turn is a few degrees at most), so boxes and searchable-PDF text sit over the image as it is.
    private static BoundingBox Unskew(BoundingBox box, PreprocessContext context)
    {
        if (context.Straightened == 0)
        {
            return box;
        }

        double radians = context.Straightened * Math.PI / 180, cos = Math.Cos(radians), sin = Math.Sin(radians);
        double cx = context.Width / 2.0, cy = context.Height / 2.0;
        double x = ((box.Left + box.Right) / 2.0) - cx, y = ((box.Top + box.Bottom) / 2.0) - cy;
        double ox = cx + (cos * x) + (sin * y), oy = cy - (sin * x) + (cos * y);
        double halfWidth = (box.Right - box.Left) / 2.0, halfHeight = (box.Bottom - box.Top) / 2.0;
        return new BoundingBox(
            (int)Math.Floor(ox - halfWidth), (int)Math.Floor(oy - halfHeight), (int)Math.Ceiling(ox + halfWidth), (int)Math.Ceiling(oy + halfHeight));
    }

    private static BoundingBox Unscale(BoundingBox box, double scale) => new(
        (int)Math.Floor(box.Left / scale), (int)Math.Floor(box.Top / scale), (int)Math.Ceiling(box.Right / scale), (int)Math.Ceiling(box.Bottom / scale));

    private sealed class WorkItem : IDisposable
    {
        private readonly CancellationTokenRegistration _registration;

        public WorkItem(PageImage image, CancellationToken cancellationToken)
        {
            Image = image;
            CancellationToken = cancellationToken;
            Completion = new TaskCompletionSource<OcrPageResult>(TaskCreationOptions.RunContinuationsAsynchronously);

            // The caller sees the cancellation at once; a worker that already runs the page stops at the next word.
            _registration = cancellationToken.Register(static state =>
            {
                var self = (WorkItem)state!;
                self.Completion.TrySetCanceled(self.CancellationToken);
            }, this);
        }

        public PageImage Image { get; }

        public CancellationToken CancellationToken { get; }

        public TaskCompletionSource<OcrPageResult> Completion { get; }

        public void Dispose() => _registration.Dispose();
    }
}
