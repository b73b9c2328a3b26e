namespace DocAssist.Llm.Summaries;

/// <summary>Where a map-reduce summary stands, for a progress line.</summary>
/// <param name="Stage">What is being done (e.g. <c>part 3/12 (pp. 9–12)</c>, <c>combining</c>).</param>
/// <param name="Done">Model calls finished.</param>
/// <param name="Total">Model calls planned (may grow when combining needs more than one round).</param>
public sealed record SummaryProgress(string Stage, int Done, int Total);
