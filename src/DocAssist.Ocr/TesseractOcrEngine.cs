using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr;

/// <summary>One Tesseract LSTM engine (OEM 1, automatic page segmentation) loaded with a language list, reused page after page.</summary>
/// <remarks>
/// Not thread-safe: use one engine per thread (<see cref="OcrEnginePool"/> does). Loading the language data is the expensive part,
/// so keep an engine for many pages. The engine owns native memory: dispose it.
/// </remarks>
public sealed class TesseractOcrEngine : IDisposable
{
    /// <summary>Page segmentation mode 3: fully automatic, as the <c>tesseract</c> command uses (the C API's default, 6, reads rotated or multi-column pages badly).</summary>
    public const int PageSegmentationMode = TessApi.PsmAuto;

    /// <summary>Engine mode 1: LSTM only (the fast models ship no legacy part).</summary>
    public const int EngineMode = TessApi.OemLstmOnly;

    private const string ThresholdOtsu = "0";
    private const string ThresholdSauvola = "2";

    private readonly TessBaseApiHandle _api;
    private readonly TessMonitorHandle _monitor;
    private readonly CancelState _cancelState = new();
    private GCHandle _cancelStateHandle;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="TesseractOcrEngine"/> class.</summary>
    /// <param name="tessdataPath">The folder holding <c>&lt;lang&gt;.traineddata</c> files.</param>
    /// <param name="languages">Languages joined with <c>+</c>: <c>eng</c>, <c>fra</c>, <c>eng+fra</c>.</param>
    /// <exception cref="ConfigException">A language file is missing (the message names it and how to install it) or Tesseract cannot load it.</exception>
    public TesseractOcrEngine(string tessdataPath, string languages)
    {
        ArgumentNullException.ThrowIfNull(tessdataPath);
        ArgumentNullException.ThrowIfNull(languages);
        TessdataPath = Path.GetFullPath(tessdataPath);
        Languages = languages;
        _api = TessSession.CreateInitialized(TessdataPath, languages, EngineMode, PageSegmentationMode);
        try
        {
            _monitor = TessMonitorHandle.Create();
            _cancelStateHandle = GCHandle.Alloc(_cancelState);
            unsafe
            {
                TessApi.TessMonitorSetCancelFunc(_monitor, &ShouldCancel);
            }

            TessApi.TessMonitorSetCancelThis(_monitor, GCHandle.ToIntPtr(_cancelStateHandle));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the number of native Tesseract and Leptonica objects alive in the process (engines, monitors, iterators, strings, images); 0 once every engine and pool is disposed.</summary>
    public static long OutstandingNativeHandles => NativeHandleCounter.Outstanding;

    /// <summary>Gets the full path of the language data folder.</summary>
    public string TessdataPath { get; }

    /// <summary>Gets the language list the engine was loaded with.</summary>
    public string Languages { get; }

    /// <summary>Recognises a gray page image.</summary>
    /// <param name="image">The page, upright.</param>
    /// <param name="includeWords">Whether to collect words with boxes and confidences.</param>
    /// <param name="timeout">Stops recognition after this long (the page then fails); <see langword="null"/> for no limit.</param>
    /// <param name="cancellationToken">Stops recognition between words.</param>
    /// <returns>
    /// The text, the mean confidence over real words (words holding a letter or digit) and, when asked, the words (never a whitespace-only one);
    /// a page without a real word (blank, a picture, specks read as marks) has empty text, confidence 0 and no words. <see cref="OcrPageResult.Rotation"/> is 0.
    /// </returns>
    /// <exception cref="OcrException">Recognition failed or ran past <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public OcrPageResult Recognize(GrayImage image, bool includeWords = false, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Recognize(image.Pixels.Span, image.Width, image.Height, image.Dpi, includeWords, timeout, cancellationToken);
    }

    /// <summary>Recognises a gray page after thresholding it locally (Sauvola) instead of with one global threshold (Otsu).</summary>
    /// <param name="image">The page, upright.</param>
    /// <param name="includeWords">Whether to collect words with boxes and confidences.</param>
    /// <param name="timeout">Stops recognition after this long (the page then fails); <see langword="null"/> for no limit.</param>
    /// <param name="cancellationToken">Stops recognition between words.</param>
    /// <returns>The reading, as <see cref="Recognize(GrayImage, bool, TimeSpan?, CancellationToken)"/> returns it.</returns>
    /// <remarks>
    /// One global threshold fails when the paper is not one shade: a tinted card scanned on a white ground puts the whole card on the ink
    /// side, and Tesseract then finds no text at all. A local threshold follows the ground. It reads ordinary pages worse (measured with the
    /// <c>tesseract</c> command on the dev set: mean CER 14.46 → 14.52 %), so it is a second reading for pages the first found (nearly) empty.
    /// </remarks>
    /// <exception cref="OcrException">Recognition failed or ran past <paramref name="timeout"/>.</exception>
    public OcrPageResult RecognizeThresholdedLocally(GrayImage image, bool includeWords = false, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = TessApi.TessBaseAPISetVariable(_api, "thresholding_method", ThresholdSauvola);
        try
        {
            return Recognize(image.Pixels.Span, image.Width, image.Height, image.Dpi, includeWords, timeout, cancellationToken);
        }
        finally
        {
            _ = TessApi.TessBaseAPISetVariable(_api, "thresholding_method", ThresholdOtsu);
        }
    }

    /// <summary>Recognises raw 8-bit gray pixels.</summary>
    /// <param name="gray">Rows of <paramref name="width"/> bytes, no padding; Tesseract copies them.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="dpi">Resolution, when known; otherwise Tesseract estimates it from the text size.</param>
    /// <param name="includeWords">Whether to collect words with boxes and confidences.</param>
    /// <param name="timeout">Stops recognition after this long (the page then fails); <see langword="null"/> for no limit.</param>
    /// <param name="cancellationToken">Stops recognition between words.</param>
    /// <returns>
    /// The text, the mean confidence over real words (words holding a letter or digit) and, when asked, the words (never a whitespace-only one);
    /// a page without a real word (blank, a picture, specks read as marks) has empty text, confidence 0 and no words. <see cref="OcrPageResult.Rotation"/> is 0.
    /// </returns>
    /// <exception cref="ArgumentException">The buffer is smaller than <paramref name="width"/> × <paramref name="height"/>.</exception>
    /// <exception cref="OcrException">Recognition failed or ran past <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public OcrPageResult Recognize(
        ReadOnlySpan<byte> gray, int width, int height, double? dpi, bool includeWords = false, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TessSession.ValidateImage(gray, width, height);
        cancellationToken.ThrowIfCancellationRequested();

        TessSession.SetImage(_api, gray, width, height, dpi);
        try
        {
            _cancelState.Arm(timeout, cancellationToken);
            int rc = TessApi.TessBaseAPIRecognize(_api, _monitor);
            bool timedOut = _cancelState.TimedOut;
            _cancelState.Disarm();
            cancellationToken.ThrowIfCancellationRequested();
            if (timedOut)
            {
                throw new OcrException($"OCR of a {width}×{height} page stopped after the time limit of {timeout!.Value.TotalSeconds:0.#} s.") { Code = ErrorCodes.PageTimeout };
            }

            if (rc != 0)
            {
                throw new OcrException($"Tesseract failed to recognise a {width}×{height} page (error {rc}).");
            }

            // Tesseract's own mean (TessBaseAPIMeanTextConf) counts whitespace-only "words" that it finds in picture regions at
            // confidence 95, so a photo without text looked sure of itself: the mean is taken over real words instead.
            List<Word> words = ReadWords();
            List<Word> realWords = [.. words.Where(w => IsRealWord(w.Text))];
            string text = realWords.Count == 0 ? string.Empty : TessTextHandle.TakeString(TessApi.TessBaseAPIGetUTF8Text(_api)).TrimEnd();
            float confidence = realWords.Count == 0 ? 0 : realWords.Average(w => w.Confidence ?? 0);
            return new OcrPageResult(text, confidence, includeWords && realWords.Count > 0 ? words : [], 0, []);
        }
        finally
        {
            _cancelState.Disarm();

            // Drop the page's image and results now rather than at the next page: large pages hold tens of MB.
            TessApi.TessBaseAPIClear(_api);
            NativeEnvironment.ReleaseFreedMemory();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _monitor?.Dispose();
        _api.Dispose();
        if (_cancelStateHandle.IsAllocated)
        {
            _cancelStateHandle.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte ShouldCancel(nint cancelThis, int words)
    {
        // Must not throw: an exception cannot cross back into Tesseract.
        return GCHandle.FromIntPtr(cancelThis).Target is CancelState state && state.ShouldStop() ? (byte)1 : (byte)0;
    }

    /// <summary>Tells whether a recognised word holds text: at least one letter or digit (a lone mark such as <c>|</c> or <c>—</c> is not a word on its own).</summary>
    /// <param name="text">The word as Tesseract read it.</param>
    /// <returns><see langword="true"/> when the word holds a letter or a digit.</returns>
    internal static bool IsRealWord(string text)
    {
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return true;
            }
        }

        return false;
    }

    private List<Word> ReadWords()
    {
        var words = new List<Word>();
        using TessResultIteratorHandle? iterator = TessResultIteratorHandle.Create(_api);
        if (iterator is null)
        {
            return words;
        }

        nint pageIterator = TessApi.TessResultIteratorGetPageIterator(iterator);
        do
        {
            string text = TessTextHandle.TakeString(TessApi.TessResultIteratorGetUTF8Text(iterator, TessApi.RilWord));
            if (string.IsNullOrWhiteSpace(text)
                || TessApi.TessPageIteratorBoundingBox(pageIterator, TessApi.RilWord, out int left, out int top, out int right, out int bottom) == 0)
            {
                continue;
            }

            float confidence = TessApi.TessResultIteratorConfidence(iterator, TessApi.RilWord);
            words.Add(new Word(text, confidence, new BoundingBox(left, top, right, bottom)));
        }
        while (TessApi.TessResultIteratorNext(iterator, TessApi.RilWord) != 0);

        return words;
    }

    /// <summary>What the native cancel callback reads: the page's token and deadline.</summary>
    private sealed class CancelState
    {
        private CancellationToken _token;
        private long _deadline;
        private volatile bool _timedOut;

        public bool TimedOut => _timedOut;

        public void Arm(TimeSpan? timeout, CancellationToken token)
        {
            _token = token;
            _timedOut = false;
            _deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        }

        public void Disarm()
        {
            _token = default;
            _deadline = long.MaxValue;
        }

        public bool ShouldStop()
        {
            if (_token.IsCancellationRequested)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() > _deadline)
            {
                _timedOut = true;
                return true;
            }

            return false;
        }
    }
}
