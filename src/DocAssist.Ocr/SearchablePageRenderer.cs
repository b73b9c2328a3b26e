using DocAssist.Core.Errors;
using DocAssist.Core.Pipeline;
using DocAssist.Ocr.Interop;

namespace DocAssist.Ocr;

/// <summary>Writes the page an engine has just recognised as a one-page searchable PDF with Tesseract's PDF renderer: the image the engine read, with the recognised words as invisible text laid over it.</summary>
/// <remarks>
/// Used by <see cref="OcrEnginePool"/> for pages whose <see cref="PageImage.SearchablePdfPath"/> is set, on the engine's own thread, between
/// recognition and the engine being cleared. A page may be recognised twice (read again turned when the first reading was doubtful):
/// each reading is rendered to its own file and <see cref="Commit"/> keeps the one whose text was kept. A rendering problem never fails the
/// page's text; it is reported as a page warning and the page's PDF is missing.
/// </remarks>
internal sealed class SearchablePageRenderer : IDisposable
{
    /// <summary>The glyphless font Tesseract embeds for the invisible text; it must sit in the language data folder.</summary>
    public const string FontFile = "pdf.ttf";

    /// <summary>The resolution assumed when the page states none Tesseract believes (it would otherwise take 70 DPI and make a huge page).</summary>
    public const int FallbackDpi = 300;

    private readonly string _target;
    private readonly string _dataDir;
    private readonly List<(string File, string? Problem)> _attempts = [];

    private SearchablePageRenderer(string target, string dataDir)
    {
        _target = Path.GetFullPath(target);
        _dataDir = dataDir;
    }

    /// <summary>Creates a renderer for a page that asks for one, or returns <see langword="null"/>.</summary>
    /// <param name="image">The page.</param>
    /// <param name="tessdataPath">The language data folder (holding <see cref="FontFile"/>).</param>
    /// <returns>The renderer, or <see langword="null"/> when the page wants no PDF.</returns>
    public static SearchablePageRenderer? For(PageImage image, string tessdataPath) =>
        image.SearchablePdfPath is { Length: > 0 } path ? new SearchablePageRenderer(path, tessdataPath) : null;

    /// <summary>Renders the engine's current image and results; called right after recognition.</summary>
    /// <param name="api">The engine that has just recognised the page.</param>
    public void Render(TessBaseApiHandle api)
    {
        string outputBase = $"{_target}.{_attempts.Count + 1}";
        string file = outputBase + ".pdf";
        string? problem = null;
        try
        {
            if (!File.Exists(Path.Combine(_dataDir, FontFile)))
            {
                problem = $"{FontFile} is missing from the language data folder {_dataDir}";
            }
            else
            {
                int ppi = TessRendererApi.TessBaseAPIGetSourceYResolution(api);
                if (ppi < TessSession.MinCredibleDpi || ppi > TessSession.MaxCredibleDpi)
                {
                    // Only the page size follows from it: recognition is over.
                    TessApi.TessBaseAPISetSourceResolution(api, FallbackDpi);
                }

                using TessResultRendererHandle renderer = TessResultRendererHandle.CreatePdf(outputBase, _dataDir);
                if (TessRendererApi.TessResultRendererBeginDocument(renderer, "DocAssist") == 0
                    || TessRendererApi.TessResultRendererAddImage(renderer, api) == 0
                    || TessRendererApi.TessResultRendererEndDocument(renderer) == 0)
                {
                    problem = $"Tesseract's PDF renderer could not write {file}";
                }
            }
        }
        catch (Exception ex) when (ex is OcrException or IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
        }

        _attempts.Add((file, problem));
    }

    /// <summary>Keeps the rendering of the reading whose text was kept as the page's PDF.</summary>
    /// <param name="firstReading">Whether the first reading was kept (otherwise the last one was).</param>
    /// <returns>A problem to report as a page warning, or <see langword="null"/> when the page's PDF is in place.</returns>
    public string? Commit(bool firstReading)
    {
        if (_attempts.Count == 0)
        {
            return "the page was not rendered as a searchable PDF page";
        }

        (string file, string? problem) = firstReading ? _attempts[0] : _attempts[^1];
        if (problem is not null)
        {
            return $"the searchable PDF page could not be written: {problem}";
        }

        try
        {
            File.Move(file, _target, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the searchable PDF page could not be written: {ex.Message}";
        }
    }

    /// <summary>Deletes renderings that were not kept.</summary>
    public void Dispose()
    {
        foreach ((string file, _) in _attempts)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover in a temporary folder its owner removes.
            }
        }
    }
}
