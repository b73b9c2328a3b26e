using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using DocAssist.Core.Pipeline;

namespace DocAssist.Pdf;

/// <summary>Renders one PDF page to 8-bit gray pixels with poppler's <c>pdftoppm</c>.</summary>
/// <remarks>
/// The page comes back as a binary PGM on the tool's standard output, so no temporary file is written and the
/// pixels are handed on as raw gray without a PNG round trip (measured: 0.15 s instead of 0.77 s for an A4 page
/// at 300 DPI, where <c>-gray -png</c> still writes an RGB PNG with poppler 22.12). Thread-safe.
/// </remarks>
internal sealed class PdftoppmRasterizer
{
    /// <summary>The rendering resolution.</summary>
    public const int Dpi = 300;

    /// <summary>The most pixels a rendered page may have; larger pages are rendered at a lower resolution.</summary>
    public const long MaxRasterPixels = 60_000_000;

    /// <summary>The longest one page may take to render.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private const string OriginName = "pdftoppm";

    private readonly string _executable;

    /// <summary>Initializes a new instance of the <see cref="PdftoppmRasterizer"/> class.</summary>
    /// <param name="executable">The <c>pdftoppm</c> program, looked up on <c>PATH</c> when it has no directory.</param>
    public PdftoppmRasterizer(string executable = "pdftoppm")
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        _executable = executable;
    }

    /// <summary>Picks the resolution for a page: <see cref="Dpi"/>, lowered so the page stays within the pixel limits.</summary>
    /// <param name="widthPt">The page width in points.</param>
    /// <param name="heightPt">The page height in points.</param>
    /// <param name="maxPixels">The caller's own pixel limit.</param>
    /// <returns>The resolution in dots per inch.</returns>
    public static int ChooseDpi(double widthPt, double heightPt, long maxPixels)
    {
        double budget = Math.Min(MaxRasterPixels, maxPixels);
        double squareInches = Math.Max(1e-6, widthPt / 72.0 * (heightPt / 72.0));
        double fitting = Math.Sqrt(budget / squareInches);
        return (int)Math.Clamp(Math.Floor(fitting), 1, Dpi);
    }

    /// <summary>Renders one page.</summary>
    /// <param name="path">The PDF file.</param>
    /// <param name="pageNumber">The 1-based page.</param>
    /// <param name="dpi">The resolution.</param>
    /// <param name="password">The password that opened the file, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the tool.</param>
    /// <returns>The page image, or why there is none.</returns>
    public async Task<RasterResult> RenderAsync(string path, int pageNumber, int dpi, string? password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string arg in new[] { "-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-gray", "-cropbox", "-singlefile" })
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrEmpty(password))
        {
            // Either password may be the one given: poppler tries the owner password, then the user password.
            start.ArgumentList.Add("-opw");
            start.ArgumentList.Add(password);
            start.ArgumentList.Add("-upw");
            start.ArgumentList.Add(password);
        }

        // A full path never starts with '-', so it cannot be taken for an option.
        start.ArgumentList.Add(Path.GetFullPath(path));

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            return RasterResult.Missing($"{_executable} could not be started ({ex.Message})");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                var pixels = new MemoryStream();
                Task copy = process.StandardOutput.BaseStream.CopyToAsync(pixels, timeout.Token);
                Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
                await Task.WhenAll(copy, errors).ConfigureAwait(false);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);

                if (process.ExitCode != 0)
                {
                    return RasterResult.Failed($"pdftoppm failed ({LastLine(errors.Result, process.ExitCode)})");
                }

                return TryParsePgm(pixels, dpi, out PageImage? image)
                    ? RasterResult.Ok(image!)
                    : RasterResult.Failed("pdftoppm returned no image");
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                return RasterResult.Failed($"pdftoppm took longer than {Timeout.TotalSeconds:0} s");
            }
        }
    }

    /// <summary>Reads a binary 8-bit PGM (<c>P5</c>) without copying its pixels.</summary>
    /// <param name="pgm">The whole file.</param>
    /// <param name="dpi">The resolution it was rendered at.</param>
    /// <param name="image">The raw gray page image.</param>
    /// <returns>Whether the data was a complete 8-bit PGM.</returns>
    internal static bool TryParsePgm(MemoryStream pgm, int dpi, out PageImage? image)
    {
        image = null;
        ReadOnlySpan<byte> data = pgm.GetBuffer().AsSpan(0, (int)pgm.Length);
        if (data.Length < 2 || data[0] != (byte)'P' || data[1] != (byte)'5')
        {
            return false;
        }

        int position = 2;
        Span<long> header = stackalloc long[3];
        for (int field = 0; field < header.Length; field++)
        {
            if (!TryReadHeaderNumber(data, ref position, out header[field]))
            {
                return false;
            }
        }

        // Exactly one whitespace byte separates the header from the pixels.
        position++;
        long width = header[0], height = header[1], maxValue = header[2];
        if (width <= 0 || height <= 0 || maxValue is <= 0 or > 255 || width * height != data.Length - position)
        {
            return false;
        }

        image = new PageImage
        {
            Data = new ReadOnlyMemory<byte>(pgm.GetBuffer(), position, (int)(width * height)),
            IsRawGray = true,
            Width = (int)width,
            Height = (int)height,
            Dpi = dpi,
            Origin = OriginName,
        };
        return true;
    }

    private static bool TryReadHeaderNumber(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        value = 0;
        while (position < data.Length)
        {
            byte b = data[position];
            if (b == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                position++;
            }
            else
            {
                break;
            }
        }

        int digits = 0;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9' && digits < 10)
        {
            value = (value * 10) + (data[position] - (byte)'0');
            position++;
            digits++;
        }

        return digits > 0 && position < data.Length;
    }

    private static string LastLine(string errors, int exitCode)
    {
        string? line = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line ?? string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode}");
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }
}
