using System.Globalization;
using System.Text;

namespace DocAssist.Llm.Egress;

/// <summary>Counts every model request of a job: destination, purpose, bytes sent and received, refusals and redactions.</summary>
/// <remarks>Thread-safe. Filled by <see cref="EgressGuardHandler"/> (bytes) and the redacting client (redaction counts).</remarks>
public sealed class EgressLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Destination, string Purpose), Counter> _entries = [];
    private readonly List<string> _notices = [];

    /// <summary>Gets the entries in the order their destinations were first used.</summary>
    public IReadOnlyList<EgressLedgerEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return _entries.OrderBy(e => e.Value.Order).Select(e => e.Value.ToEntry(e.Key.Destination, e.Key.Purpose)).ToList();
            }
        }
    }

    /// <summary>Gets notices the policy raised during the job (e.g. the <c>any</c> policy sending data off the machine).</summary>
    public IReadOnlyList<string> Notices
    {
        get
        {
            lock (_lock)
            {
                return [.. _notices];
            }
        }
    }

    /// <summary>Gets the bytes sent to destinations other than this machine.</summary>
    public long BytesLeftMachine
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.Where(c => !c.IsLoopback).Sum(c => c.Sent);
            }
        }
    }

    /// <summary>Gets the total request body bytes sent to every destination.</summary>
    public long TotalBytesSent
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.Sum(c => c.Sent);
            }
        }
    }

    /// <summary>Gets the total response body bytes received from every destination.</summary>
    public long TotalBytesReceived
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.Sum(c => c.Received);
            }
        }
    }

    /// <summary>Records the start of one HTTP attempt.</summary>
    /// <param name="destination">Scheme, host and port.</param>
    /// <param name="purpose">Why the request is made.</param>
    /// <param name="isLoopback">Whether the destination is this machine.</param>
    public void AddRequest(string destination, string purpose, bool isLoopback) => Update(destination, purpose, isLoopback, c => c.Requests++);

    /// <summary>Adds request body bytes written to a destination.</summary>
    /// <param name="destination">Scheme, host and port.</param>
    /// <param name="purpose">Why the request is made.</param>
    /// <param name="isLoopback">Whether the destination is this machine.</param>
    /// <param name="bytes">Bytes written.</param>
    public void AddSent(string destination, string purpose, bool isLoopback, long bytes) => Update(destination, purpose, isLoopback, c => c.Sent += bytes);

    /// <summary>Adds response body bytes read from a destination.</summary>
    /// <param name="destination">Scheme, host and port.</param>
    /// <param name="purpose">Why the request is made.</param>
    /// <param name="isLoopback">Whether the destination is this machine.</param>
    /// <param name="bytes">Bytes read.</param>
    public void AddReceived(string destination, string purpose, bool isLoopback, long bytes) => Update(destination, purpose, isLoopback, c => c.Received += bytes);

    /// <summary>Records a request the policy refused before any connection.</summary>
    /// <param name="destination">Scheme, host and port.</param>
    /// <param name="purpose">Why the request was attempted.</param>
    public void AddRefused(string destination, string purpose) => Update(destination, purpose, false, c => c.Refused++);

    /// <summary>Counts identifiers replaced before sending to a destination.</summary>
    /// <param name="destination">Scheme, host and port.</param>
    /// <param name="purpose">Why the request is made.</param>
    /// <param name="kind">The identifier kind (e.g. <c>EMAIL</c>, <c>IBAN</c>).</param>
    /// <param name="count">How many were replaced.</param>
    public void AddRedactions(string destination, string purpose, string kind, int count)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Update(destination, purpose, false, c => c.Redactions[kind] = c.Redactions.GetValueOrDefault(kind) + count);
    }

    /// <summary>Adds a notice shown with the ledger, once.</summary>
    /// <param name="notice">One sentence.</param>
    public void AddNotice(string notice)
    {
        lock (_lock)
        {
            if (!_notices.Contains(notice))
            {
                _notices.Add(notice);
            }
        }
    }

    /// <summary>Renders the ledger as lines for a terminal, ending with how many bytes left the machine.</summary>
    /// <returns>The report text, newline-terminated.</returns>
    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Egress ledger:");
        IReadOnlyList<EgressLedgerEntry> entries = Entries;
        if (entries.Count == 0)
        {
            sb.AppendLine("  no model requests were made.");
        }

        foreach (EgressLedgerEntry e in entries)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {e.Destination,-32} {e.Purpose,-16} {(e.IsLoopback ? "this machine" : "REMOTE"),-12} ");
            sb.Append(CultureInfo.InvariantCulture, $"{e.Requests} request(s), {e.BytesSent} bytes sent, {e.BytesReceived} bytes received");
            if (e.Refused > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $", {e.Refused} refused");
            }

            if (e.Redactions.Count > 0)
            {
                sb.Append(", redacted ").Append(string.Join(", ", e.Redactions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value} {r.Key}"))));
            }

            sb.AppendLine();
        }

        foreach (string notice in Notices)
        {
            sb.Append("  note: ").AppendLine(notice);
        }

        long left = BytesLeftMachine;
        sb.AppendLine(left == 0
            ? "  0 bytes left this machine."
            : string.Create(CultureInfo.InvariantCulture, $"  {left} bytes left this machine."));
        return sb.ToString();
    }

    private void Update(string destination, string purpose, bool isLoopback, Action<Counter> change)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(purpose);
        lock (_lock)
        {
            if (!_entries.TryGetValue((destination, purpose), out Counter? counter))
            {
                counter = new Counter { Order = _entries.Count, IsLoopback = isLoopback };
                _entries.Add((destination, purpose), counter);
            }

            change(counter);
        }
    }

    private sealed class Counter
    {
        public int Order { get; init; }

        public bool IsLoopback { get; init; }

        public int Requests { get; set; }

        public long Sent { get; set; }

        public long Received { get; set; }

        public int Refused { get; set; }

        public Dictionary<string, int> Redactions { get; } = new(StringComparer.Ordinal);

        public EgressLedgerEntry ToEntry(string destination, string purpose) =>
            new(destination, purpose, IsLoopback, Requests, Sent, Received, Refused, new Dictionary<string, int>(Redactions, StringComparer.Ordinal));
    }
}
