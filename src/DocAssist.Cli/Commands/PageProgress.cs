using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;

namespace DocAssist.Cli.Commands;

/// <summary>The pages read so far of the one document <c>extract</c> was given, as one line on a terminal's stderr that is rewritten in place
/// (carriage return) and blanked at the end. Only for a single PDF or TIFF (the inputs with many pages) and only on a terminal: redirected
/// stderr gets nothing extra.</summary>
internal sealed class PageProgress : IDisposable
{
    private readonly CliContext _context;
    private readonly string _name;
    private readonly Lock _gate = new();
    private int _width;
    private int _pages;

    private PageProgress(CliContext context, string name)
    {
        _context = context;
        _name = name;
    }

    /// <summary>Gets the progress line for a run, or <see langword="null"/> when none is shown: stderr is not a terminal, several inputs, or one
    /// that is not a PDF or TIFF.</summary>
    /// <param name="context">The run's consoles.</param>
    /// <param name="files">The inputs.</param>
    /// <returns>The progress line, or <see langword="null"/>.</returns>
    public static PageProgress? For(CliContext context, string[] files)
    {
        if (!context.ErrorIsTerminal || files is not [{ } file] || !File.Exists(file))
        {
            return null;
        }

        try
        {
            return FileKindDetector.Detect(file) == DocumentKind.Pdf || IsTiff(file) ? new PageProgress(context, Path.GetFileName(file)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Shows the pages done so far (called from the pipeline, on any thread).</summary>
    /// <param name="pages">Pages done.</param>
    public void Report(int pages)
    {
        lock (_gate)
        {
            _pages = pages;
            string line = $"docassist: {_name}: page {pages} read…";
            _context.Err.Write("\r" + line.PadRight(_width));
            _width = Math.Max(_width, line.Length);
            _context.Err.Flush();
        }
    }

    /// <summary>Blanks the line, so what follows on stderr starts at the beginning of a clean line.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                _context.Err.Write("\r" + new string(' ', _width) + "\r");
                _context.Err.Flush();
                _width = 0;
            }
        }
    }

    /// <summary>Whether a file starts like a TIFF (<c>II*\0</c> or <c>MM\0*</c>), the image format with pages.</summary>
    private static bool IsTiff(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4
            && (head.SequenceEqual("II*\0"u8) || head.SequenceEqual("MM\0*"u8));
    }

    /// <inheritdoc/>
    public void Dispose() => Clear();

    /// <inheritdoc/>
    public override string ToString() => $"{_name}: {_pages} page(s)";
}
