using System.Globalization;
using DocAssist.Core.Model;

namespace DocAssist.Server.OcrApi;

/// <summary>Turns DocAssist's pages into the OCR API's: Markdown, dimensions, confidences, blocks.</summary>
internal static class OcrPages
{
    /// <summary>The DPI of a PDF page's frame: its unit is the point, 72 to the inch.</summary>
    public const int PointsDpi = 72;

    /// <summary>Builds one page of the response.</summary>
    /// <param name="page">The page as read.</param>
    /// <param name="request">What was asked.</param>
    /// <param name="imageDpi">The DPI of an image input's pixels (a PDF page's frame is in points).</param>
    /// <param name="images">The page's images in the response (see <see cref="Images"/>); none when <see langword="null"/>.</param>
    /// <returns>The page; its index is 0-based.</returns>
    public static OcrPage From(Page page, OcrRequest request, int imageDpi, IReadOnlyList<OcrImage>? images = null)
    {
        bool Apart(TextRole role) => (request.ExtractHeader && role == TextRole.Header) || (request.ExtractFooter && role is TextRole.Footer or TextRole.PageNumber);
        string markdown = Markdown([.. page.Blocks.Where(b => !Apart(b.Role) && b.Text.Trim().Length > 0)], page.Text, images ?? []);
        return new OcrPage(
            page.Number - 1,
            markdown,
            images ?? [],
            new OcrDimensions(page.Unit == PageUnit.Pixel ? imageDpi : PointsDpi, (int)Math.Round(page.Height), (int)Math.Round(page.Width)))
        {
            Header = request.ExtractHeader ? Join(page, TextRole.Header) : null,
            Footer = request.ExtractFooter ? Join(page, TextRole.Footer, TextRole.PageNumber) : null,
            ConfidenceScores = request.ConfidenceGranularity is null ? null : Confidence(page, markdown, request.ConfidenceGranularity == "word"),
            Blocks = request.IncludeBlocks ? Blocks(page) : null,
        };
    }

    /// <summary>Lists the response's images, page by page: the pages' figures at least <c>image_min_size</c> pixels wide and high, at most
    /// <c>image_limit</c> in all (a negative limit counts as 0), numbered across the response in page order (<c>img-0.jpeg</c>, <c>img-1.png</c>…,
    /// the extension by the image's type), each box in its page's frame, the image as a data URL when <c>include_image_base64</c> asks.</summary>
    /// <param name="pages">The pages of the response, in order.</param>
    /// <param name="request">What was asked.</param>
    /// <returns>One list per page.</returns>
    public static IReadOnlyList<OcrImage>[] Images(IReadOnlyList<Page> pages, OcrRequest request)
    {
        int limit = request.ImageLimit is { } asked ? Math.Max(0, asked) : int.MaxValue, minSize = request.ImageMinSize ?? 0, next = 0;
        var lists = new IReadOnlyList<OcrImage>[pages.Count];
        for (int i = 0; i < pages.Count; i++)
        {
            var images = new List<OcrImage>();
            foreach (Figure figure in pages[i].Figures.Where(f => f.PixelWidth >= minSize && f.PixelHeight >= minSize))
            {
                if (next >= limit)
                {
                    break;
                }

                string id = string.Create(CultureInfo.InvariantCulture, $"img-{next++}.{Extension(figure.MediaType)}");
                images.Add(new OcrImage(id, figure.Box.Left, figure.Box.Top, figure.Box.Right, figure.Box.Bottom)
                {
                    ImageBase64 = request.IncludeImageBase64 ? $"data:{figure.MediaType};base64,{Convert.ToBase64String(figure.Data.Span)}" : null,
                });
            }

            lists[i] = images;
        }

        return lists;
    }

    private static string Extension(string mediaType) => mediaType switch
    {
        "image/jpeg" => "jpeg",
        "image/jp2" => "jp2",
        _ => "png",
    };

    // The page's text as Markdown: its blocks in reading order, separated by blank lines, and each image referenced as Mistral's Markdown does
    // (![img-0.jpeg](img-0.jpeg)) before the first block that starts below its top (at the end when none does, or when the page has no blocks).
    private static string Markdown(IReadOnlyList<TextBlock> blocks, string text, IReadOnlyList<OcrImage> images)
    {
        List<(int Top, string Text)> parts = blocks.Count == 0
            ? [(int.MinValue, text.TrimEnd())]
            : [.. blocks.Select(b => (b.Box?.Top ?? int.MinValue, b.Text.Trim()))];
        foreach (OcrImage image in images)
        {
            int top = image.TopLeftY ?? int.MaxValue;
            int at = parts.FindIndex(p => p.Top > top);
            parts.Insert(at < 0 ? parts.Count : at, (top, $"![{image.Id}]({image.Id})"));
        }

        return string.Join("\n\n", parts.Select(p => p.Text).Where(t => t.Length > 0));
    }

    private static string? Join(Page page, params TextRole[] roles)
    {
        string text = string.Join("\n", page.Blocks.Where(b => roles.Contains(b.Role)).Select(b => b.Text.Trim()));
        return text.Length == 0 ? null : text;
    }

    // Tesseract's word confidences (0–100) over 100; text-layer words have none, so a text-layer page has no scores.
    private static OcrConfidence? Confidence(Page page, string markdown, bool words)
    {
        Word[] read = [.. page.Words.Where(w => w.Confidence is not null && w.Text.Trim().Length > 0)];
        if (read.Length == 0)
        {
            return page.Confidence is { } c ? new OcrConfidence(c / 100.0, c / 100.0) : null;
        }

        var scores = new List<OcrWordConfidence>();
        if (words)
        {
            int at = 0;
            foreach (Word w in read)
            {
                // Each word where it next occurs in the Markdown; words left out of it (an extracted header) are left out here too.
                int found = markdown.IndexOf(w.Text, at, StringComparison.Ordinal);
                if (found >= 0)
                {
                    scores.Add(new OcrWordConfidence(w.Text, Math.Round(w.Confidence!.Value / 100.0, 4), found));
                    at = found + w.Text.Length;
                }
            }
        }

        return new OcrConfidence(
            Math.Round(read.Average(w => w.Confidence!.Value) / 100.0, 4),
            Math.Round(read.Min(w => w.Confidence!.Value) / 100.0, 4))
        {
            WordConfidenceScores = words ? scores : null,
        };
    }

    // The page's blocks; a page read by OCR has no blocks of its own, so its text is one block around all its words.
    private static List<OcrBlock> Blocks(Page page) => page.Blocks.Count == 0 && page.Words.Count > 0 && page.Text.Trim().Length > 0
        ? [Block("text", page.Text.Trim(), BoundingBox.Union(page.Words.Select(w => w.Box)))]
        :
    [
        .. page.Blocks.Where(b => b.Box is not null && b.Text.Trim().Length > 0).Select(b => Block(
            b.Role switch { TextRole.Header => "header", TextRole.Footer or TextRole.PageNumber => "footer", _ => "text" },
            b.Text.Trim(),
            b.Box!.Value)),
    ];

    private static OcrBlock Block(string type, string content, BoundingBox box) => new(type, content, box.Left, box.Top, box.Right, box.Bottom);
}
