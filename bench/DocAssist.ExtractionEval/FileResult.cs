namespace DocAssist.ExtractionEval;

/// <summary>The measures for one PDF.</summary>
internal sealed record FileResult
{
    /// <summary>Gets the input argument the file came from.</summary>
    public required string Group { get; init; }

    /// <summary>Gets the file's name in the report.</summary>
    public required string File { get; init; }

    /// <summary>Gets the number of pages DocAssist read (0 when it failed).</summary>
    public int Pages { get; init; }

    /// <summary>Gets the number of pages whose source is the text layer (or text layer plus OCR): the pages compared.</summary>
    public int TextPages { get; init; }

    /// <summary>Gets a value indicating whether pdftotext found a real text layer (enough letters, few unreadable characters).</summary>
    public bool RealText { get; init; }

    /// <summary>Gets the number of pdftotext's tokens on the compared pages.</summary>
    public int ReferenceTokens { get; init; }

    /// <summary>Gets the number of DocAssist's tokens on the compared pages.</summary>
    public int OurTokens { get; init; }

    /// <summary>Gets the share of pdftotext's tokens found among DocAssist's, or null when not compared.</summary>
    public double? Recall { get; init; }

    /// <summary>Gets the number of DocAssist's tokens of 18 letters or more.</summary>
    public int LongOurs { get; init; }

    /// <summary>Gets the number of pdftotext's tokens of 18 letters or more.</summary>
    public int LongReference { get; init; }

    /// <summary>Gets the reading-order score, or null when no word is unique in both texts.</summary>
    public double? Order { get; init; }

    /// <summary>Gets the number of words unique in both texts that the order score is computed over.</summary>
    public int OrderWords { get; init; }

    /// <summary>Gets DocAssist's extraction time in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Gets a value indicating whether the file enters the means (real text, read by both).</summary>
    public bool Counted { get; init; }

    /// <summary>Gets what the figures alone do not say.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Gets the long-token ratio ours/pdftotext, or null when pdftotext has none.</summary>
    public double? LongRatio => LongReference == 0 ? null : (double)LongOurs / LongReference;
}
