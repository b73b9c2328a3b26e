using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>What a decoder found on one page: a usable text layer, an image to OCR, or neither (with warnings saying why).</summary>
public sealed record PageContent
{
    /// <summary>Gets the 1-based page number.</summary>
    public required int Number { get; init; }

    /// <summary>Gets the page's usable text layer, or <see langword="null"/> when the page must be OCR'd or is empty.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the words of the text layer with their boxes (empty unless words were requested).</summary>
    public IReadOnlyList<Word> Words { get; init; } = [];

    /// <summary>Gets the image to OCR, or <see langword="null"/> when the text layer is kept or there is nothing to read.</summary>
    public PageImage? Image { get; init; }

    /// <summary>Gets the text layer's blocks in reading order, with roles (empty when the decoder gives no layout).</summary>
    public IReadOnlyList<TextBlock> Blocks { get; init; } = [];

    /// <summary>Gets the page width as a viewer shows it, in <see cref="Unit"/>; 0 when unknown.</summary>
    public double Width { get; init; }

    /// <summary>Gets the page height as a viewer shows it, in <see cref="Unit"/>; 0 when unknown.</summary>
    public double Height { get; init; }

    /// <summary>Gets the unit of the page's size and boxes.</summary>
    public PageUnit Unit { get; init; }

    /// <summary>Gets where <see cref="Image"/> sits on the page, in the page's frame, so OCR boxes (image pixels) can be mapped to it; <see langword="null"/> when the image is the whole page in the page's own unit (image files).</summary>
    public PageRect? ImagePlacement { get; init; }

    /// <summary>Gets the images embedded in the page beside its text, in the page's frame (empty unless <see cref="ExtractOptions.IncludeFigures"/> is set).</summary>
    public IReadOnlyList<Figure> Figures { get; init; } = [];

    /// <summary>Gets problems met on the page (e.g. "garbage text layer, OCR'd instead").</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
