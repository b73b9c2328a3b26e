namespace DocAssist.Llm.Diagnostics;

/// <summary>The outcome of one <c>doctor</c> check.</summary>
public enum DoctorStatus
{
    /// <summary>Works.</summary>
    Ok,

    /// <summary>Works in a reduced way (e.g. no model: extractive answers).</summary>
    Warning,

    /// <summary>Broken or refused.</summary>
    Failed,
}
