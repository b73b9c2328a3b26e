using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Writer;

namespace DocAssist.Pdf;

/// <summary>Assembles a searchable PDF from one-page PDFs rendered by the OCR engine and, for a PDF source, the source's own pages.</summary>
/// <remarks>
/// <para>
/// Page by page, in order: a page that was OCR'd becomes its rendered page (the image the engine read with the recognised text as an
/// invisible layer, written by Tesseract's PDF renderer); any other page of a PDF source (a real text layer, a blank page, a page that could
/// not be read) is copied from the source as it is, so text that was already searchable stays exactly as it was.
/// </para>
/// <para>
/// Pages are copied into a document written straight to the output stream, one page after another: no more than one rendered page is
/// open at a time. The source, when it is encrypted, is opened with the password; the output is not encrypted.
/// </para>
/// </remarks>
public static class SearchablePdfWriter
{
    /// <summary>Writes the searchable PDF.</summary>
    /// <param name="sourcePath">The document that was extracted.</param>
    /// <param name="kind">Its kind: <see cref="DocumentKind.Pdf"/> or <see cref="DocumentKind.Image"/>.</param>
    /// <param name="pages">Its pages, in order.</param>
    /// <param name="renderedPage">Returns the one-page PDF rendered for a page number, or <see langword="null"/> when the page was not rendered.</param>
    /// <param name="password">The source's password, when it has one.</param>
    /// <param name="outputPath">Where to write the PDF (overwritten). The caller renames it into place.</param>
    /// <exception cref="DocumentFormatException">A page has neither a rendering nor a source page to copy, or a page could not be copied.</exception>
    public static void Write(
        string sourcePath, DocumentKind kind, IReadOnlyList<Page> pages, Func<int, string?> renderedPage, string? password, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(renderedPage);
        ArgumentNullException.ThrowIfNull(outputPath);
        if (kind is not (DocumentKind.Pdf or DocumentKind.Image))
        {
            throw new UnsupportedDocumentException($"{sourcePath}: a searchable PDF is made from PDFs and images, not {kind} files.") { FilePath = sourcePath };
        }

        if (pages.Count == 0)
        {
            throw new DocumentFormatException($"{sourcePath}: no pages to write to a searchable PDF.") { FilePath = sourcePath };
        }

        OpenedPdf? source = null;
        try
        {
            using (var stream = new FileStream(outputPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                using (var builder = new PdfDocumentBuilder(stream, disposeStream: false))
                {
                    builder.DocumentInformation.Producer = "DocAssist (Tesseract PDF renderer, PdfPig)";
                    foreach (Page page in pages)
                    {
                        if (renderedPage(page.Number) is { } rendered && File.Exists(rendered))
                        {
                            using PdfDocument one = PdfDocument.Open(rendered);
                            builder.AddPage(one, 1);
                            continue;
                        }

                        if (kind != DocumentKind.Pdf)
                        {
                            string why = page.Warnings.Count > 0 ? $" ({string.Join("; ", page.Warnings)})" : string.Empty;
                            throw new DocumentFormatException($"{sourcePath}: page {page.Number} has no rendered image for the searchable PDF{why}.")
                            {
                                FilePath = sourcePath,
                            };
                        }

                        source ??= PdfOpener.OpenFile(sourcePath, password);
                        builder.AddPage(source.Document, page.Number);
                    }

                    builder.Build();
                }

                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is not (DocAssistException or OperationCanceledException or IOException or UnauthorizedAccessException))
        {
            throw new DocumentFormatException($"{sourcePath}: the searchable PDF could not be written ({PdfOpener.Describe(ex)}).", ex) { FilePath = sourcePath };
        }
        finally
        {
            source?.Dispose();
        }
    }
}
