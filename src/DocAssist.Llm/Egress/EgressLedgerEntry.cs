namespace DocAssist.Llm.Egress;

/// <summary>What went to one destination for one purpose during a job.</summary>
/// <param name="Destination">Scheme, host and port (no path, no query).</param>
/// <param name="Purpose">Why the requests were made (e.g. <c>summarize</c>, <c>embed</c>, <c>list models</c>).</param>
/// <param name="IsLoopback">Whether the destination is this machine.</param>
/// <param name="Requests">HTTP attempts made, retries included.</param>
/// <param name="BytesSent">Request body bytes written to the connection, retries included.</param>
/// <param name="BytesReceived">Response body bytes read from the connection.</param>
/// <param name="Refused">Requests the policy refused before any connection.</param>
/// <param name="Redactions">Identifiers replaced by placeholders before sending, by kind.</param>
public sealed record EgressLedgerEntry(
    string Destination,
    string Purpose,
    bool IsLoopback,
    int Requests,
    long BytesSent,
    long BytesReceived,
    int Refused,
    IReadOnlyDictionary<string, int> Redactions);
