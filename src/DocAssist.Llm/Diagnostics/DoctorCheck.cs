namespace DocAssist.Llm.Diagnostics;

/// <summary>One line of <c>docassist doctor</c>.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Detail">What was found and, when not OK, what to do.</param>
public sealed record DoctorCheck(string Name, DoctorStatus Status, string Detail);
