using System.Text;
using System.Text.RegularExpressions;
using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Marks running headers, footers and page numbers: short blocks at the top or foot of a page, repeated across pages at the same place.</summary>
/// <remarks>
/// Marked blocks stay in the page's text; summaries and the question index leave them out (<see cref="TextBlock.IsFurniture"/>).
/// Digits are ignored when comparing blocks, so <c>Page 3 of 12</c> and <c>Page 4 of 12</c> match, and a header printed on
/// every other page (a paper's title on odd pages) still counts. Stateless and thread-safe.
/// </remarks>
public static partial class PageFurniture
{
    /// <summary>The share of the page height, from the top or the foot, where headers and footers sit.</summary>
    public const double EdgeZone = 0.12;

    /// <summary>The share of a document's pages a block must repeat on (at least two pages) to be a running header or footer.</summary>
    public const double MinShare = 0.3;

    /// <summary>The longest block that can be a header or footer, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>Gets the pages with their header, footer and page-number blocks marked.</summary>
    /// <param name="pages">The document's pages in order.</param>
    /// <returns>The same pages, with blocks' roles set; pages without blocks are returned as they are.</returns>
    public static IReadOnlyList<Page> Mark(IReadOnlyList<Page> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var counts = new Dictionary<(string Key, bool Top), int>();
        foreach (Page page in pages)
        {
            foreach ((string key, bool top) in page.Blocks.Select(b => Candidate(page, b)).OfType<(string, bool)>().Distinct())
            {
                counts[(key, top)] = counts.GetValueOrDefault((key, top)) + 1;
            }
        }

        int needed = Math.Max(2, (int)Math.Ceiling(MinShare * pages.Count));
        var marked = new Page[pages.Count];
        for (int i = 0; i < pages.Count; i++)
        {
            Page page = pages[i];
            bool changed = false;
            var blocks = new List<TextBlock>(page.Blocks.Count);
            foreach (TextBlock block in page.Blocks)
            {
                TextRole role = block.Role;
                if (role == TextRole.Body && Candidate(page, block) is { } c)
                {
                    if (PageNumber().IsMatch(block.Text.Trim()))
                    {
                        role = TextRole.PageNumber;
                    }
                    else if (counts.GetValueOrDefault(c) >= needed || PageLabel().IsMatch(block.Text.Trim()))
                    {
                        role = c.Top ? TextRole.Header : TextRole.Footer;
                    }
                }

                changed |= role != block.Role;
                blocks.Add(role == block.Role ? block : block with { Role = role });
            }

            marked[i] = changed ? page with { Blocks = blocks } : page;
        }

        return marked;
    }

    // A short block in the top or bottom zone of a page of known size: its text with digits and spacing folded, and which edge.
    private static (string Key, bool Top)? Candidate(Page page, TextBlock block)
    {
        if (block.Box is not { } box || page.Height <= 0 || block.Text.Length > MaxLength || block.Role != TextRole.Body)
        {
            return null;
        }

        bool top = box.Bottom <= page.Height * EdgeZone * 1.5 && box.Top <= page.Height * EdgeZone;
        bool foot = box.Top >= page.Height * (1 - EdgeZone);
        if (!top && !foot)
        {
            return null;
        }

        var key = new StringBuilder(block.Text.Length);
        foreach (char c in block.Text)
        {
            if (char.IsDigit(c))
            {
                if (key.Length == 0 || key[^1] != '#')
                {
                    key.Append('#');
                }
            }
            else if (char.IsLetter(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return (key.ToString(), top);
    }

    // "12", "- 12 -", "Page 3", "Page 3 of 12", "3/12", "p. 4", roman numerals.
    [GeneratedRegex(@"^(?:(?:page|p\.|seite|página|pagina)\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,6})\s*[-–—)\]]?\s*(?:(?:of|sur|de|von|/)\s*\d{1,4})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();

    // A page label with something beside it at the page's edge: "Page 3 of 3 DFW08WA050", "Annual report – page 12".
    [GeneratedRegex(@"^(?:(?:page|seite|página|pagina)\s+\d{1,4}(?:\s*(?:of|sur|de|von|/)\s*\d{1,4})?\b.{0,80}|.{0,80}\b(?:page|seite|página|pagina)\s+\d{1,4}(?:\s*(?:of|sur|de|von|/)\s*\d{1,4})?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PageLabel();
}
