namespace DocAssist.Llm.Egress;

/// <summary>What the guard decided about a request, carried to the meter below the retries.</summary>
internal sealed record EgressContext(string Destination, string Purpose, bool IsLoopback);
