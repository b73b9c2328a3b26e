using System.Net;
using DocAssist.Core;
using DocAssist.Llm.Endpoints;

namespace DocAssist.Llm.Egress;

/// <summary>Decides whether a model request may go to a destination: the one place the privacy rule is written.</summary>
/// <remarks>Immutable and thread-safe. Decisions use the URL alone: no DNS lookup is made.</remarks>
public sealed class EgressPolicy
{
    /// <summary>Initializes a new instance of the <see cref="EgressPolicy"/> class.</summary>
    /// <param name="mode">The <see cref="Settings.Policy"/> setting.</param>
    /// <param name="config">The user's config, with the endpoints the user declared.</param>
    public EgressPolicy(EgressMode mode, DocAssistConfig? config = null)
    {
        Mode = mode;
        Config = config ?? DocAssistConfig.Empty;
    }

    /// <summary>Gets the policy mode.</summary>
    public EgressMode Mode { get; }

    /// <summary>Gets the user's config.</summary>
    public DocAssistConfig Config { get; }

    /// <summary>Gets the policy's name as the user types it.</summary>
    public string Name => Mode.ToString().ToLowerInvariant();

    /// <summary>Parses a value of the <see cref="Settings.Policy"/> setting.</summary>
    /// <param name="value">local, eu or any.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="Core.Errors.ConfigException">The value is none of them.</exception>
    public static EgressMode ParseMode(string value) =>
        Enum.TryParse(value, ignoreCase: true, out EgressMode mode) && Enum.IsDefined(mode)
            ? mode
            : throw new Core.Errors.ConfigException($"{Settings.Mention(Settings.Policy)} '{value}' is not one of local, eu, any.") { KeyPath = Settings.Policy };

    /// <summary>Gets a value indicating whether a host is this machine, from its name or address alone (no DNS lookup).</summary>
    /// <param name="host">A host name or IP literal (IPv6 with or without brackets).</param>
    /// <returns><see langword="true"/> for <c>localhost</c>, <c>*.localhost</c> and loopback addresses.</returns>
    public static bool IsLoopbackHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        string h = host.Trim('[', ']').TrimEnd('.');
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(h, out IPAddress? address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>Decides about one destination.</summary>
    /// <param name="destination">The request URL.</param>
    /// <param name="model">The model the request names, when known (endpoints are declared per host and model).</param>
    /// <returns>The verdict, with a reason.</returns>
    public EgressVerdict Evaluate(Uri destination, string? model)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string host = destination.IdnHost;
        if (IsLoopbackHost(host))
        {
            return new EgressVerdict(true, true, "loopback", "this machine (loopback).");
        }

        KnownEndpoint? known = KnownEndpoints.Find(host);
        EndpointEntry? declared = Config.Endpoints.FirstOrDefault(e => e.Covers(host, model));
        EndpointEntry? declaredOtherModel = declared is null ? Config.Endpoints.FirstOrDefault(e => e.Covers(host, null) || e.BaseUrl.Host.Equals(host, StringComparison.OrdinalIgnoreCase)) : null;
        string label = Label(known, declared ?? declaredOtherModel);

        switch (Mode)
        {
            case EgressMode.Any:
                return new EgressVerdict(true, false, label, $"policy 'any' allows every destination; {host} is {Describe(label)}.",
                    $"policy 'any': document text is sent to {host} ({Describe(label)}), off this machine.");
            case EgressMode.Local:
                return new EgressVerdict(false, false, label, $"policy 'local' allows loopback only and {host} is not this machine.");
        }

        if (declared is null)
        {
            string why = declaredOtherModel is not null
                ? $"{host} is declared in the config only for the models {string.Join(", ", declaredOtherModel.Models)}, not for '{model ?? "(no model named)"}'"
                : $"{host} is not declared in the config";
            return new EgressVerdict(false, false, label, $"policy 'eu' allows loopback and endpoints declared as EU-hosted in the config; {why}.");
        }

        if (known is not null)
        {
            switch (known.Assessment)
            {
                case EuAssessment.Meets:
                    return new EgressVerdict(true, false, "EU", $"{known.Service}: {known.Why} ({known.Source}).");
                case EuAssessment.Conditional:
                    return new EgressVerdict(true, false, "EU", $"{known.Service}: allowed with a caveat ({known.Source}).", $"{known.Service}: {known.Why}");
                case EuAssessment.MeetsWithModelAllowList:
                    if (declared.Models.Count == 0)
                    {
                        return new EgressVerdict(false, false, "mixed", $"{known.Service}: {known.Why} Add \"models\": [...] to the '{declared.Name}' entry.");
                    }

                    if (model is not null && model.EndsWith("-US", StringComparison.OrdinalIgnoreCase))
                    {
                        return new EgressVerdict(false, false, "non-EU", $"{known.Service}: model '{model}' is a US-hosted model.");
                    }

                    return new EgressVerdict(true, false, "EU", $"{known.Service}: model '{model}' is on the allow-list of '{declared.Name}' ({known.Source}).");
                case EuAssessment.Switzerland:
                    return new EgressVerdict(false, false, "CH", $"{known.Service}: {known.Why} Use {Settings.Mention(Settings.Policy, "any")} to allow it.");
                default:
                    return new EgressVerdict(false, false, label, $"{known.Service} does not meet the EU bar: {known.Why}");
            }
        }

        var problems = new List<string>();
        if (!Jurisdictions.IsEuOrEea(declared.OperatorCountry))
        {
            problems.Add($"operator country is {declared.OperatorCountry ?? "not declared"}");
        }

        if (!Jurisdictions.IsEuOrEea(declared.HostingCountry))
        {
            problems.Add($"hosting country is {declared.HostingCountry ?? "not declared"}");
        }

        if (declared.NonEuParent)
        {
            problems.Add("the operator has a non-EU parent");
        }

        if (declared.NonEuSubprocessors)
        {
            problems.Add("a non-EU infrastructure sub-processor is disclosed");
        }

        string facts = declared.Verified is null ? "declared by you, not verified" : $"verified: {declared.Verified}";
        return problems.Count == 0
            ? new EgressVerdict(true, false, Jurisdictions.Label(declared.HostingCountry),
                $"'{declared.Name}': operator {declared.Operator ?? "(unnamed)"} ({declared.OperatorCountry}), hosted in {declared.HostingCountry} ({facts}).")
            : new EgressVerdict(false, false, label, $"'{declared.Name}' does not meet the EU bar: {string.Join("; ", problems)} ({facts}).");
    }

    /// <summary>Builds the message for a refused request: host, policy, reason and how to allow it.</summary>
    /// <param name="destination">The refused URL.</param>
    /// <param name="verdict">The verdict.</param>
    /// <returns>One paragraph.</returns>
    public string RefusalMessage(Uri destination, EgressVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(verdict);
        string configPath = Config.Path ?? "~/.config/docassist/config.json";
        string how = Mode switch
        {
            EgressMode.Local => $"To allow it, declare the endpoint with its operator and hosting country in {configPath} and use {Settings.Mention(Settings.Policy, "eu")}, or opt in to any destination with {Settings.Mention(Settings.Policy, "any")}.",
            _ => $"To allow it, declare an endpoint that meets the EU bar in {configPath}, or opt in to any destination with {Settings.Mention(Settings.Policy, "any")}.",
        };
        return $"refused to send to {destination.IdnHost}: {verdict.Reason} Nothing was sent (no DNS lookup, no connection). {how}";
    }

    private static string Label(KnownEndpoint? known, EndpointEntry? declared) => known is not null
        ? known.Assessment switch
        {
            EuAssessment.Switzerland => "CH",
            EuAssessment.DoesNotMeet => "non-EU",
            EuAssessment.Uncertain => "unknown",
            _ => Jurisdictions.Label(known.OperatorCountry),
        }
        : Jurisdictions.Label(declared?.HostingCountry);

    private static string Describe(string label) => label switch
    {
        "EU" or "EEA" => $"{label}-hosted as declared",
        "CH" => "hosted in Switzerland",
        "non-EU" => "hosted outside the EU",
        _ => "of unknown jurisdiction",
    };
}
