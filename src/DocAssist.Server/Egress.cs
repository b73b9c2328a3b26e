using DocAssist.Llm.Egress;

namespace DocAssist.Server;

/// <summary>What one piece of model work sent: the egress ledger's difference across it.</summary>
internal static class Egress
{
    /// <summary>Gets the bytes sent between two snapshots of the ledger, per destination.</summary>
    /// <param name="before">The ledger's entries before the work.</param>
    /// <param name="after">Its entries after.</param>
    /// <returns>The report.</returns>
    public static EgressReport Between(IReadOnlyList<EgressLedgerEntry> before, IReadOnlyList<EgressLedgerEntry> after)
    {
        var sent = new Dictionary<string, EgressSend>(StringComparer.Ordinal);
        foreach (EgressLedgerEntry entry in after)
        {
            long earlier = before.Where(b => b.Destination == entry.Destination && b.Purpose == entry.Purpose).Sum(b => b.BytesSent);
            long bytes = entry.BytesSent - earlier;
            if (bytes > 0)
            {
                sent[entry.Destination] = new EgressSend(entry.Destination, entry.IsLoopback, bytes + (sent.TryGetValue(entry.Destination, out EgressSend? s) ? s.Bytes : 0));
            }
        }

        return new EgressReport(sent.Values.Where(s => !s.ThisMachine).Sum(s => s.Bytes), [.. sent.Values]);
    }
}
