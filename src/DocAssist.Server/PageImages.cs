using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using DocAssist.App.Output;
using ImageMagick;

namespace DocAssist.Server;

/// <summary>Page images for the workspace, as JPEG, in the frame the page's boxes are in: a PDF page rendered by <c>pdftoppm</c> (crop box,
/// <c>/Rotate</c> applied), a scan's own frame decoded (TIFF pages included) and turned as its text was read. Rendered once, then kept.</summary>
/// <remarks>Thread-safe: a page is rendered to a temporary file and renamed into place.</remarks>
internal sealed class PageImages(string cacheDirectory)
{
    /// <summary>The longer side of a rendered page, in pixels: sharp on a laptop screen, small enough to load at once.</summary>
    public const int LongSide = 1600;

    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Gets a page's JPEG, rendering it on first use.</summary>
    /// <param name="document">The document (done).</param>
    /// <param name="original">Its stored original.</param>
    /// <param name="page">The page's JSON (its size, unit and rotation).</param>
    /// <param name="password">The password of an encrypted PDF, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the rendering.</param>
    /// <returns>The JPEG file, or why there is none.</returns>
    public async Task<(string? File, string? Problem)> GetAsync(LibraryDocument document, string original, PageJson page, string? password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        string file = Path.Combine(cacheDirectory, $"{document.Hash}-{page.Number.ToString(CultureInfo.InvariantCulture)}.jpg");
        if (File.Exists(file))
        {
            return (file, null);
        }

        string temp = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            string? problem = document.Kind switch
            {
                "pdf" => await RenderPdfAsync(original, page, password, temp, cancellationToken).ConfigureAwait(false),
                "image" => DecodeImage(original, page, temp),
                _ => $"{document.Name} is a {document.Kind ?? "text"} document: it has no page images.",
            };
            if (problem is not null)
            {
                return (null, problem);
            }

            File.Move(temp, file, overwrite: true);
            return (file, null);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<string?> RenderPdfAsync(string original, PageJson page, string? password, string target, CancellationToken cancellationToken)
    {
        double longSidePt = Math.Max(page.Width, page.Height);
        int dpi = longSidePt > 0 ? Math.Clamp((int)(LongSide * 72 / longSidePt), 36, 200) : 110;
        var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true, UseShellExecute = false, CreateNoWindow = true };
        string number = page.Number.ToString(CultureInfo.InvariantCulture);
        foreach (string arg in new[] { "-jpeg", "-jpegopt", "quality=85", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-cropbox", "-singlefile" })
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrEmpty(password))
        {
            start.ArgumentList.Add("-opw");
            start.ArgumentList.Add(password);
            start.ArgumentList.Add("-upw");
            start.ArgumentList.Add(password);
        }

        // Full paths never start with '-'; pdftoppm adds ".jpg" to the output root.
        start.ArgumentList.Add(Path.GetFullPath(original));
        string root = Path.GetFullPath(target) + ".out";
        start.ArgumentList.Add(root);
        try
        {
            using Process process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RenderTimeout);
            string errors = await process.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0 || !File.Exists(root + ".jpg"))
            {
                return $"page {number} could not be rendered (pdftoppm: {errors.Trim().Split('\n')[^1]}).";
            }

            File.Move(root + ".jpg", target, overwrite: true);
            return null;
        }
        catch (Win32Exception ex)
        {
            return $"pdftoppm could not be started ({ex.Message}); install poppler-utils.";
        }
        finally
        {
            File.Delete(root + ".jpg");
        }
    }

    private static string? DecodeImage(string original, PageJson page, string target)
    {
        try
        {
            using var frames = new MagickImageCollection();
            frames.Read(original, new MagickReadSettings { FrameIndex = (uint)(page.Number - 1), FrameCount = 1 });
            using IMagickImage<byte> image = frames[0].Clone();
            image.AutoOrient();
            if (page.Rotation != 0)
            {
                image.Rotate(page.Rotation);
            }

            if (Math.Max(image.Width, image.Height) > LongSide * 2)
            {
                // Boxes are in the page's pixels: a smaller image is drawn scaled, the page's width and height say by how much.
                image.Resize(new Percentage(100.0 * LongSide * 2 / Math.Max(image.Width, image.Height)));
            }

            image.Quality = 85;
            image.Write(target, MagickFormat.Jpeg);
            return null;
        }
        catch (MagickException ex)
        {
            return $"page {page.Number} could not be decoded ({ex.Message.Split('\n')[0]}).";
        }
    }
}
