namespace DocAssist.Llm.Summaries;

/// <summary>How to summarize: length and output language.</summary>
public sealed record SummaryOptions
{
    /// <summary>Gets the summary length. Default: <see cref="SummaryLength.Medium"/>.</summary>
    public SummaryLength Length { get; init; } = SummaryLength.Medium;

    /// <summary>Gets the output language (e.g. <c>French</c>). Default: <see langword="null"/> (the document's).</summary>
    public string? Language { get; init; }
}
