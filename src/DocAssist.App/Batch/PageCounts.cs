using System.Text.Json.Serialization;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;

namespace DocAssist.App.Batch;

/// <summary>How a document's pages were read: counted once from its pages (<see cref="Of"/>), journaled with it, and summed the same way
/// for the report's totals (<see cref="Sum"/>), so that a report's rows and its totals cannot disagree.</summary>
/// <remarks>
/// Every page is in exactly one of <see cref="TextLayer"/>, <see cref="Ocr"/>, <see cref="Mixed"/> and <see cref="Empty"/>, which add
/// up to <see cref="Pages"/>. <see cref="Failed"/> pages (their image could not be read, or OCR ran over the page time limit) are
/// counted there too: as empty, or by their text layer when one survived; <see cref="TimedOut"/> pages are among them.
/// </remarks>
/// <param name="Pages">Every page.</param>
/// <param name="TextLayer">Pages whose text came from their text layer alone.</param>
/// <param name="Ocr">Pages whose text came from OCR alone.</param>
/// <param name="Mixed">Pages with a text layer that OCR added words to.</param>
/// <param name="Empty">Pages without text: blank, a picture, or not read.</param>
/// <param name="Failed">Pages that could not be read: their image was unreadable or their OCR ran over the time limit.</param>
/// <param name="TimedOut">Of the failed pages, those whose OCR ran over the page time limit.</param>
/// <param name="MeanConfidence">The mean OCR confidence over the pages with OCR text (<see cref="Ocr"/> and <see cref="Mixed"/>), or <see langword="null"/> when there are none.</param>
internal sealed record PageCounts(
    [property: JsonPropertyName("pages")] int Pages,
    [property: JsonPropertyName("textLayer")] int TextLayer,
    [property: JsonPropertyName("ocr")] int Ocr,
    [property: JsonPropertyName("mixed")] int Mixed,
    [property: JsonPropertyName("empty")] int Empty,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("timedOut")] int TimedOut,
    [property: JsonPropertyName("meanConfidence")] double? MeanConfidence)
{
    /// <summary>Gets the counts of a document with no pages known (it could not be opened).</summary>
    public static PageCounts None { get; } = new(0, 0, 0, 0, 0, 0, 0, null);

    /// <summary>Gets the pages with OCR text, over which <see cref="MeanConfidence"/> is taken.</summary>
    [JsonIgnore]
    public int WithOcrText => Ocr + Mixed;

    /// <summary>Counts a document's pages.</summary>
    /// <param name="pages">The pages.</param>
    /// <returns>The counts.</returns>
    public static PageCounts Of(IReadOnlyList<Page> pages)
    {
        int textLayer = 0, ocr = 0, mixed = 0, empty = 0;
        double confidence = 0;
        foreach (Page page in pages)
        {
            switch (page.IsEmpty ? PageSource.None : page.Source)
            {
                case PageSource.TextLayer:
                    textLayer++;
                    break;
                case PageSource.Ocr:
                    ocr++;
                    confidence += page.Confidence ?? 0;
                    break;
                case PageSource.Mixed:
                    mixed++;
                    confidence += page.Confidence ?? 0;
                    break;
                default:
                    empty++;
                    break;
            }
        }

        return new PageCounts(
            pages.Count,
            textLayer,
            ocr,
            mixed,
            empty,
            pages.Count(p => p.ErrorCode is not null),
            pages.Count(p => p.ErrorCode == ErrorCodes.PageTimeout),
            ocr + mixed == 0 ? null : Math.Round(confidence / (ocr + mixed), 1));
    }

    /// <summary>Adds up the counts of several documents; the mean confidence is weighted by each one's pages with OCR text.</summary>
    /// <param name="counts">The documents' counts.</param>
    /// <returns>The totals.</returns>
    public static PageCounts Sum(IEnumerable<PageCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        PageCounts[] all = [.. counts];
        int withOcrText = all.Sum(c => c.WithOcrText);
        return new PageCounts(
            all.Sum(c => c.Pages),
            all.Sum(c => c.TextLayer),
            all.Sum(c => c.Ocr),
            all.Sum(c => c.Mixed),
            all.Sum(c => c.Empty),
            all.Sum(c => c.Failed),
            all.Sum(c => c.TimedOut),
            withOcrText == 0 ? null : Math.Round(all.Sum(c => (c.MeanConfidence ?? 0) * c.WithOcrText) / withOcrText, 1));
    }
}
