using System.Text;
using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Merges what OCR read on a page with the page's own text layer: the layer is kept whole, OCR adds only the words the layer does not already cover.</summary>
public static class MixedPage
{
    /// <summary>The lowest confidence an OCR word needs to be added to a text layer (photos and drawings yield low-confidence noise).</summary>
    public const float MinWordConfidence = 60;

    /// <summary>Gets the OCR words worth adding to a text layer: confident, holding a letter or digit, and covered by no text-layer word.</summary>
    /// <param name="layerWords">The text layer's words, in the page's frame.</param>
    /// <param name="ocrWords">The OCR words, mapped into the page's frame.</param>
    /// <returns>The words to add.</returns>
    public static IReadOnlyList<Word> NewWords(IReadOnlyList<Word> layerWords, IReadOnlyList<Word> ocrWords)
    {
        ArgumentNullException.ThrowIfNull(layerWords);
        ArgumentNullException.ThrowIfNull(ocrWords);
        return [.. ocrWords
            .Where(w => w.Confidence is null or >= MinWordConfidence && w.Text.Any(char.IsLetterOrDigit))
            .Where(w => !layerWords.Any(l => Covers(l.Box, w.Box)))];
    }

    /// <summary>Groups words into lines (left to right) and blocks (top to bottom).</summary>
    /// <param name="fresh">The words, in the page's frame.</param>
    /// <returns>The blocks, with <see cref="PageSource.Ocr"/> as their source; empty when there is no word.</returns>
    public static IReadOnlyList<TextBlock> ToBlocks(IReadOnlyList<Word> fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        if (fresh.Count == 0)
        {
            return [];
        }

        // Lines: words whose vertical middles fall within one another's height, left to right.
        var lines = new List<List<Word>>();
        foreach (Word word in fresh.OrderBy(w => w.Box.Top))
        {
            double middle = (word.Box.Top + word.Box.Bottom) / 2.0;
            List<Word>? line = lines.LastOrDefault(l => middle >= l[0].Box.Top && middle <= l[0].Box.Bottom);
            if (line is null)
            {
                lines.Add([word]);
            }
            else
            {
                line.Add(word);
            }
        }

        // Blocks: consecutive lines no further apart than about two line heights.
        var blocks = new List<TextBlock>();
        var text = new StringBuilder();
        BoundingBox? box = null;
        int lastBottom = int.MinValue;
        foreach (List<Word> line in lines)
        {
            line.Sort((a, b) => a.Box.Left.CompareTo(b.Box.Left));
            BoundingBox lineBox = BoundingBox.Union(line.Select(w => w.Box));
            int height = Math.Max(1, lineBox.Bottom - lineBox.Top);
            if (box is not null && lineBox.Top - lastBottom > 2 * height)
            {
                blocks.Add(new TextBlock(text.ToString(), TextRole.Body, box, PageSource.Ocr));
                text.Clear();
                box = null;
            }

            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.AppendJoin(' ', line.Select(w => w.Text));
            box = box is { } b ? b.Union(lineBox) : lineBox;
            lastBottom = lineBox.Bottom;
        }

        blocks.Add(new TextBlock(text.ToString(), TextRole.Body, box, PageSource.Ocr));
        return blocks;
    }

    /// <summary>Inserts blocks among a page's blocks by their top edge, keeping the page's own order otherwise.</summary>
    /// <param name="blocks">The page's blocks in reading order.</param>
    /// <param name="added">The blocks to insert, top to bottom.</param>
    /// <returns>The merged list.</returns>
    public static IReadOnlyList<TextBlock> Insert(IReadOnlyList<TextBlock> blocks, IReadOnlyList<TextBlock> added)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(added);
        var merged = blocks.ToList();
        foreach (TextBlock block in added)
        {
            int top = block.Box?.Top ?? int.MaxValue;
            int at = merged.FindIndex(b => b.Role == TextRole.Body && b.Source != PageSource.Ocr && b.Box is { } x && x.Top > top);
            merged.Insert(at < 0 ? merged.Count(b => b.Role is not (TextRole.FormField or TextRole.Annotation)) : at, block);
        }

        return merged;
    }

    // A layer word covers an OCR word when they overlap by half of the smaller one.
    private static bool Covers(BoundingBox layer, BoundingBox ocr)
    {
        int width = Math.Min(layer.Right, ocr.Right) - Math.Max(layer.Left, ocr.Left);
        int height = Math.Min(layer.Bottom, ocr.Bottom) - Math.Max(layer.Top, ocr.Top);
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        long smaller = Math.Min(Area(layer), Area(ocr));
        return smaller > 0 && (long)width * height * 2 >= smaller;
    }

    private static long Area(BoundingBox b) => (long)Math.Max(0, b.Right - b.Left) * Math.Max(0, b.Bottom - b.Top);
}
