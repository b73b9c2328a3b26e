namespace DocAssist.Llm.Egress;

/// <summary>The policy's decision about one destination, with the reason shown to the user.</summary>
/// <param name="Allowed">Whether a request may be sent.</param>
/// <param name="IsLoopback">Whether the destination is this machine.</param>
/// <param name="Label">A short jurisdiction label: <c>loopback</c>, <c>EU</c>, <c>EEA</c>, <c>CH</c>, <c>non-EU</c> or <c>unknown</c>.</param>
/// <param name="Reason">One sentence explaining the decision.</param>
/// <param name="Caveat">A notice to show even when allowed (e.g. non-EU sub-processors), or <see langword="null"/>.</param>
public sealed record EgressVerdict(bool Allowed, bool IsLoopback, string Label, string Reason, string? Caveat = null);
