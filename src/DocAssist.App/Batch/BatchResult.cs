namespace DocAssist.App.Batch;

/// <summary>What a batch run ended with.</summary>
/// <param name="Report">The report, as written to <c>report.json</c>.</param>
/// <param name="ReportPath">The Markdown report's path (under the output folder as it was given).</param>
/// <param name="Interrupted">Whether the run was stopped before every document was taken.</param>
/// <param name="ConfigError">The setting error that stopped the run (every further document would fail the same way), or <see langword="null"/>.</param>
public sealed record BatchResult(BatchReportJson Report, string ReportPath, bool Interrupted, string? ConfigError);
