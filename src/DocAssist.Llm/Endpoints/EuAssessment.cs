namespace DocAssist.Llm.Endpoints;

/// <summary>How a known endpoint's declared facts measure against the <c>eu</c> bar.</summary>
public enum EuAssessment
{
    /// <summary>Operator incorporated in the EU/EEA with no non-EU parent, inference declared in the EU/EEA, no non-EU infrastructure sub-processor disclosed.</summary>
    Meets,

    /// <summary>Meets the bar only for the models the user lists in the config (one key also reaches non-EU models).</summary>
    MeetsWithModelAllowList,

    /// <summary>Meets the bar on this host with a caveat the user is told about on every job.</summary>
    Conditional,

    /// <summary>The declared facts are incomplete or ambiguous.</summary>
    Uncertain,

    /// <summary>Hosted in Switzerland: its own label, not EU (adequacy only).</summary>
    Switzerland,

    /// <summary>Does not meet the bar (non-EU operator or parent, or non-EU infrastructure).</summary>
    DoesNotMeet,
}
