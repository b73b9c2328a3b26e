namespace DocAssist.Core.Model;

/// <summary>The extracted text of one input file, page by page.</summary>
public sealed record Document
{
    /// <summary>Gets the input path as the user gave it.</summary>
    public required string File { get; init; }

    /// <summary>Gets the detected kind of the input.</summary>
    public required DocumentKind Kind { get; init; }

    /// <summary>Gets the pages in order.</summary>
    public required IReadOnlyList<Page> Pages { get; init; }

    /// <summary>Gets document-level warnings, each naming the page where one applies.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets the whole text, pages separated by a form feed line.</summary>
    public string Text => string.Join("\n\f\n", Pages.Select(p => p.Text));
}
