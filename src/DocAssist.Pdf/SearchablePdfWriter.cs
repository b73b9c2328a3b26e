using System.Globalization;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Pdf.Searchable;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Graphics.Operations.SpecialGraphicsState;
using UglyToad.PdfPig.Writer;
using PdfPage = UglyToad.PdfPig.Content.Page;
using Word = DocAssist.Core.Model.Word;

namespace DocAssist.Pdf;

/// <summary>Writes a searchable PDF that looks like the original: the original pages or images, with the OCR'd words laid over them as
/// invisible text.</summary>
/// <remarks>
/// <para>
/// <b>PDF sources.</b> Every page is copied from the source as it is (content, images, annotations, boxes); an OCR'd page also gets its
/// words as an invisible text layer drawn after the original content (which is wrapped in <c>q</c>/<c>Q</c> so nothing it leaves set
/// moves the words). A page OCR found turned is shown upright (its <c>/Rotate</c> is set; its content is untouched). Pages that already
/// have a text layer are copied as they are.
/// </para>
/// <para>
/// <b>Image sources.</b> Each frame becomes a page showing the original image: a JPEG as its very bytes, a PNG as its compressed pixels,
/// anything else (TIFF, GIF, BMP, WebP, JPEG 2000, PNGs with transparency) decoded and stored losslessly at its own depth (1-bit stays
/// 1-bit, gray stays gray, colour stays colour). The page size follows the image's resolution (see <see cref="PageResolution"/>): the
/// stated one when it is believable, else one estimated from the height of its text, else 300 DPI.
/// </para>
/// <para>
/// <b>Pages that cannot be rewritten.</b> One page never fails the document. A PDF page whose text layer cannot be laid over it is kept
/// as in the original, without one; a page that cannot even be copied, and an image frame that cannot be embedded, are replaced by a
/// blank page of their size carrying their text. Each such page gets a warning, returned to the caller.
/// </para>
/// <para>Pages are written to the output one after another; an encrypted source is opened with its password, and the output is not
/// encrypted.</para>
/// </remarks>
public static class SearchablePdfWriter
{
    /// <summary>The start of every warning this writer gives, so a reader can tell them from the extraction's own.</summary>
    public const string WarningPrefix = "searchable PDF: ";

    private const string FontName = "F0";
    private const string ImageName = "Im0";
    private const string Producer = "DocAssist";

    /// <summary>The size of a blank stand-in page whose own size is unknown: A4, in points.</summary>
    private const double FallbackWidth = 595, FallbackHeight = 842;

    /// <summary>Writes the searchable PDF.</summary>
    /// <param name="sourcePath">The document that was extracted.</param>
    /// <param name="kind">Its kind: <see cref="DocumentKind.Pdf"/> or <see cref="DocumentKind.Image"/>.</param>
    /// <param name="pages">Its pages, in order, with their words (needed for the text layer).</param>
    /// <param name="pageImages">For an image source, the original image of a page number (see <see cref="PageImageSource"/>); ignored for
    /// PDFs.</param>
    /// <param name="password">The source's password, when it has one.</param>
    /// <param name="outputPath">Where to write the PDF (overwritten). The caller renames it into place.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>Warnings by page number for the pages that could not be written as asked (each starts with <see cref="WarningPrefix"/>).</returns>
    /// <exception cref="UnsupportedDocumentException">The source is neither a PDF nor an image.</exception>
    /// <exception cref="DocumentFormatException">The document has no pages, or the PDF source cannot be opened at all.</exception>
    /// <exception cref="EncryptedDocumentException">The PDF source needs a password that was not given.</exception>
    public static IReadOnlyDictionary<int, string> Write(
        string sourcePath,
        DocumentKind kind,
        IReadOnlyList<Core.Model.Page> pages,
        Func<int, PageImageSource?>? pageImages,
        string? password,
        string outputPath,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(outputPath);
        if (kind is not (DocumentKind.Pdf or DocumentKind.Image))
        {
            throw new UnsupportedDocumentException($"{sourcePath}: a searchable PDF is made from PDFs and images, not {kind} files.") { FilePath = sourcePath };
        }

        if (pages.Count == 0)
        {
            throw new DocumentFormatException($"{sourcePath}: no pages to write to a searchable PDF.") { FilePath = sourcePath };
        }

        var warnings = new SortedDictionary<int, string>();
        try
        {
            using var stream = new FileStream(outputPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            if (kind == DocumentKind.Image)
            {
                WriteImagePages(stream, pages, pageImages, warnings, cancellationToken);
            }
            else
            {
                WritePdfPages(stream, sourcePath, pages, password, warnings, cancellationToken);
            }

            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is not (DocAssistException or OperationCanceledException or IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new DocumentFormatException($"{sourcePath}: the searchable PDF could not be written ({PdfOpener.Describe(ex)}).", ex) { FilePath = sourcePath };
        }

        return warnings;
    }

    private static void WriteImagePages(
        Stream stream, IReadOnlyList<Core.Model.Page> pages, Func<int, PageImageSource?>? pageImages, SortedDictionary<int, string> warnings, CancellationToken cancellationToken)
    {
        var writer = new PdfObjectWriter(stream);
        int catalog = writer.Reserve(), tree = writer.Reserve(), info = writer.Reserve(), font = GlyphlessFont.Write(writer);
        var kids = new List<int>(pages.Count);
        foreach (Core.Model.Page page in pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PageImageSource? source = pageImages?.Invoke(page.Number);
            (int Number, int Width, int Height, int Rotation, string How)? image = null;
            if (source is null)
            {
                warnings[page.Number] = WarningPrefix + "no image was given for the page; a blank page stands in for it.";
            }
            else
            {
                try
                {
                    image = ImageXObject.Write(writer, source);
                }
                catch (Exception ex) when (IsPageProblem(ex))
                {
                    warnings[page.Number] = WarningPrefix + $"the image could not be embedded ({PdfOpener.Describe(ex).TrimEnd('.')}); a blank page stands in for it.";
                }
            }

            (double dpiX, double dpiY, _) = PageResolution.Choose(source?.StatedDpi, page.Words);
            DisplayFrame frame;
            var content = new System.Text.StringBuilder();
            if (image is { } shown)
            {
                int rotation = Normalize(shown.Rotation + page.Rotation);
                frame = new DisplayFrame(rotation, shown.Width, shown.Height, 72 / dpiX, 72 / dpiY, 0, 0);
                content.Append(CultureInfo.InvariantCulture, $"q {PdfObjectWriter.Num(shown.Width * frame.ScaleX)} 0 0 {PdfObjectWriter.Num(shown.Height * frame.ScaleY)} 0 0 cm /{ImageName} Do Q\n");
            }
            else
            {
                // Blank: as large as the image OCR read (or its header says), the words where OCR found them.
                (double width, double height) = page.Width > 0 && page.Height > 0 ? (page.Width, page.Height)
                    : source is { Width: > 0, Height: > 0 } ? (source.Width, source.Height) : (FallbackWidth * dpiX / 72, FallbackHeight * dpiY / 72);
                frame = new DisplayFrame(0, width, height, 72 / dpiX, 72 / dpiY, 0, 0);
            }

            content.Append(InvisibleText.Operators(Fit(page, frame), frame, FontName));
            int contents = writer.Reserve(), pageObject = writer.Reserve();
            writer.WriteCompressedStream(contents, string.Empty, System.Text.Encoding.ASCII.GetBytes(content.ToString()));
            string xobject = image is { } drawn ? $" /XObject << /{ImageName} {drawn.Number} 0 R >>" : string.Empty;
            writer.WriteObject(
                pageObject,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PdfObjectWriter.Num(frame.StoredWidth * frame.ScaleX)} {PdfObjectWriter.Num(frame.StoredHeight * frame.ScaleY)}] /Rotate {frame.Rotation} /Resources << /Font << /{FontName} {font} 0 R >>{xobject} >> /Contents {contents} 0 R >>"));
            kids.Add(pageObject);
        }

        writer.WriteObject(tree, $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => k.ToString(CultureInfo.InvariantCulture) + " 0 R"))}] /Count {kids.Count} >>");
        writer.WriteObject(catalog, $"<< /Type /Catalog /Pages {tree} 0 R >>");
        writer.WriteObject(info, $"<< /Producer ({Producer}) >>");
        writer.Finish(catalog, info);
    }

    private static void WritePdfPages(
        Stream stream, string sourcePath, IReadOnlyList<Core.Model.Page> pages, string? password, SortedDictionary<int, string> warnings, CancellationToken cancellationToken)
    {
        using OpenedPdf source = PdfOpener.OpenFile(sourcePath, password);
        var overlays = new List<PdfDocument>();
        try
        {
            using (var builder = new PdfDocumentBuilder(stream, disposeStream: false))
            {
                builder.DocumentInformation.Producer = Producer + " (PdfPig)";
                foreach (Core.Model.Page page in pages)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (AddPage(builder, source.Document, page, overlays) is { } warning)
                    {
                        warnings[page.Number] = WarningPrefix + warning;
                    }
                }

                builder.Build();
            }
        }
        finally
        {
            foreach (PdfDocument overlay in overlays)
            {
                overlay.Dispose();
            }
        }
    }

    // Copies one page, with its text layer when it was OCR'd; returns a warning when the page could not be written as asked.
    private static string? AddPage(PdfDocumentBuilder builder, PdfDocument source, Core.Model.Page page, List<PdfDocument> overlays)
    {
        bool wantsText = page.Source == PageSource.Ocr && page.Words.Count > 0;
        string? warning = null;
        (PdfPage Page, int Depth, int Rotation, int Original)? overlay = null;
        if (wantsText)
        {
            try
            {
                overlay = PrepareOverlay(source, page, overlays);
            }
            catch (Exception ex) when (IsPageProblem(ex))
            {
                warning = $"the page is kept as in the original, without a text layer ({PdfOpener.Describe(ex)}).";
            }
        }

        PdfPageBuilder copy;
        try
        {
            copy = builder.AddPage(source, page.Number);
        }
        catch (Exception ex) when (IsPageProblem(ex))
        {
            return AddBlankPage(builder, page, overlays, PdfOpener.Describe(ex));
        }

        if (overlay is not { } o)
        {
            return warning;
        }

        try
        {
            // q before the original, Q (as many as it leaves open, and ours) after: whatever it leaves set cannot move the words.
            copy.SelectContentStream(0);
            copy.NewContentStreamBefore();
            copy.CurrentStream.Operations.Add(Push.Value);
            copy.SelectContentStream(copy.ContentStreams.Count - 1);

            // PdfPig put the inverse of any transformation the original leaves in force here; the Qs undo it already.
            copy.CurrentStream.Operations.Clear();
            for (int i = 0; i <= o.Depth; i++)
            {
                copy.CurrentStream.Operations.Add(Pop.Value);
            }

            copy.CopyFrom(o.Page);
            if (o.Rotation != o.Original)
            {
                copy.SetRotation(new PageRotationDegrees(o.Rotation));
            }

            return null;
        }
        catch (Exception ex) when (IsPageProblem(ex))
        {
            // The page is in the output already: take back what was added, leaving it as in the original.
            foreach (PdfPageBuilder.IContentStream added in copy.ContentStreams)
            {
                try
                {
                    added.Operations.Clear();
                }
                catch (NotSupportedException)
                {
                    // One of the original's own streams: they are never changed.
                }
            }

            return $"the page is kept as in the original, without a text layer ({PdfOpener.Describe(ex)}).";
        }
    }

    // Builds the page's text layer as a one-page PDF of its own (opened with PdfPig, to be copied over the original page) before the
    // output is touched, so a failure here leaves nothing behind.
    private static (PdfPage Page, int Depth, int Rotation, int Original) PrepareOverlay(PdfDocument source, Core.Model.Page page, List<PdfDocument> overlays)
    {
        PdfPage original = source.GetPage(page.Number);
        UglyToad.PdfPig.Core.PdfRectangle crop = original.CropBox.Bounds;
        int rotation = Normalize(original.Rotation.Value + page.Rotation);
        var frame = new DisplayFrame(rotation, crop.Width, crop.Height, 1, 1, crop.Left, crop.Bottom);
        if (crop.Width <= 0 || crop.Height <= 0 || page.Width <= 0 || page.Height <= 0)
        {
            throw new InvalidOperationException("the page's size is unknown, so its words cannot be placed");
        }

        byte[] bytes = OnePage(Fit(page, frame), frame, crop);
        PdfDocument overlay = PdfDocument.Open(bytes);
        overlays.Add(overlay);
        PdfPage layer = overlay.GetPage(1);
        _ = layer.Operations.Count;
        return (layer, OpenSaves(original), rotation, original.Rotation.Value);
    }

    // How many q the page's content leaves without their Q; 0 when it cannot be read (the wrapping Q then still closes ours).
    private static int OpenSaves(PdfPage page)
    {
        try
        {
            int depth = 0;
            foreach (UglyToad.PdfPig.Graphics.Operations.IGraphicsStateOperation op in page.Operations)
            {
                depth = op switch { Push => depth + 1, Pop => Math.Max(0, depth - 1), _ => depth };
            }

            return depth;
        }
        catch (Exception ex) when (IsPageProblem(ex))
        {
            return 0;
        }
    }

    private static string AddBlankPage(PdfDocumentBuilder builder, Core.Model.Page page, List<PdfDocument> overlays, string why)
    {
        bool sized = page.Width > 0 && page.Height > 0 && page.Unit == PageUnit.Point;
        (double width, double height) = sized ? (page.Width, page.Height) : (FallbackWidth, FallbackHeight);
        PdfPageBuilder blank = builder.AddPage(width, height);
        string carrying = string.Empty;
        if (sized && page.Words.Count > 0)
        {
            try
            {
                var frame = new DisplayFrame(0, width, height, 1, 1, 0, 0);
                PdfDocument overlay = PdfDocument.Open(OnePage(page.Words, frame, new UglyToad.PdfPig.Core.PdfRectangle(0, 0, width, height)));
                overlays.Add(overlay);
                blank.CopyFrom(overlay.GetPage(1));
                carrying = " carrying its text";
            }
            catch (Exception ex) when (IsPageProblem(ex))
            {
                // A blank page without text still keeps the page count and the other pages.
            }
        }

        return $"the page could not be copied ({why.TrimEnd('.')}); a blank page{carrying} stands in for it.";
    }

    // A one-page PDF holding only the invisible text, in a page of the original's crop box.
    private static byte[] OnePage(IReadOnlyList<Word> words, DisplayFrame frame, UglyToad.PdfPig.Core.PdfRectangle box)
    {
        using var memory = new MemoryStream();
        var writer = new PdfObjectWriter(memory);
        int catalog = writer.Reserve(), tree = writer.Reserve(), pageObject = writer.Reserve(), contents = writer.Reserve(), font = GlyphlessFont.Write(writer);
        writer.WriteCompressedStream(contents, string.Empty, System.Text.Encoding.ASCII.GetBytes(InvisibleText.Operators(words, frame, FontName)));
        writer.WriteObject(
            pageObject,
            string.Create(
                CultureInfo.InvariantCulture,
                $"<< /Type /Page /Parent {tree} 0 R /MediaBox [{PdfObjectWriter.Num(box.Left)} {PdfObjectWriter.Num(box.Bottom)} {PdfObjectWriter.Num(box.Right)} {PdfObjectWriter.Num(box.Top)}] /Resources << /Font << /{FontName} {font} 0 R >> >> /Contents {contents} 0 R >>"));
        writer.WriteObject(tree, $"<< /Type /Pages /Kids [{pageObject} 0 R] /Count 1 >>");
        writer.WriteObject(catalog, $"<< /Type /Catalog /Pages {tree} 0 R >>");
        writer.Finish(catalog, 0);
        return memory.ToArray();
    }

    // The page's words in the frame's display units: OCR boxes are in the page frame it reported, which should be the frame's own size;
    // if it is not (a page size rounded differently), the boxes are scaled to fit.
    private static IReadOnlyList<Word> Fit(Core.Model.Page page, DisplayFrame frame)
    {
        if (page.Words.Count == 0 || page.Width <= 0 || page.Height <= 0
            || (Math.Abs(page.Width - frame.Width) <= 1 && Math.Abs(page.Height - frame.Height) <= 1))
        {
            return page.Words;
        }

        double sx = frame.Width / page.Width, sy = frame.Height / page.Height;
        return [.. page.Words.Select(w => w with
        {
            Box = new BoundingBox(
                (int)Math.Floor(w.Box.Left * sx), (int)Math.Floor(w.Box.Top * sy), (int)Math.Ceiling(w.Box.Right * sx), (int)Math.Ceiling(w.Box.Bottom * sy)),
        })];
    }

    private static int Normalize(int degrees) => ((degrees % 360) + 360) % 360 / 90 * 90;

    // A failure that concerns one page and must not cost the others.
    private static bool IsPageProblem(Exception ex) => ex is not (OperationCanceledException or OutOfMemoryException or IOException or UnauthorizedAccessException);
}
