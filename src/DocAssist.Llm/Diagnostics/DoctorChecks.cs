using DocAssist.Core.Errors;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;
using DocAssist.Llm.Models;

namespace DocAssist.Llm.Diagnostics;

/// <summary>The model side of <c>docassist doctor</c>: the config file, the Ollama server and its models, and each declared endpoint with the policy's verdict.</summary>
public static class DoctorChecks
{
    /// <summary>Runs the model checks.</summary>
    /// <param name="factory">The factory built from the user's flags and config (its policy is the one judged).</param>
    /// <param name="cancellationToken">Cancels the probes.</param>
    /// <returns>The checks, in display order.</returns>
    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(ModelClientFactory factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var checks = new List<DoctorCheck>
        {
            factory.Config.Path is { } path
                ? new DoctorCheck("config", DoctorStatus.Ok, $"{path}: {factory.Config.Endpoints.Count} endpoint(s) declared.")
                : new DoctorCheck("config", DoctorStatus.Ok, $"no config file ({ConfigLoader.DefaultPath()}); defaults apply."),
            new DoctorCheck("policy", factory.Policy.Mode == EgressMode.Any ? DoctorStatus.Warning : DoctorStatus.Ok, factory.Policy.Mode switch
            {
                EgressMode.Local => "local: model requests go to this machine only.",
                EgressMode.Eu => "eu: this machine plus declared endpoints that meet the EU bar.",
                _ => "any: model requests may go anywhere (explicit opt-in).",
            }),
        };

        var ollamaFactory = new ModelClientFactory(
            factory.Options with { Provider = "ollama", BaseUrl = factory.Provider == "ollama" ? factory.Options.BaseUrl : null, Endpoint = null, Redact = false },
            factory.Config,
            factory.Ledger);
        try
        {
            ModelAvailability availability = await ollamaFactory.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using ModelConnection? connection = availability.Connection;
            checks.Add(connection is not null
                ? new DoctorCheck("ollama", DoctorStatus.Ok, $"{connection.Description}, context {connection.ContextTokens} tokens"
                    + (connection.EmbeddingModel is { } em ? $", embeddings from '{em}'." : ", no embedding model (BM25 retrieval only).")
                    + (connection.Notices.Count > 0 ? " " + string.Join(" ", connection.Notices) : string.Empty))
                : new DoctorCheck("ollama", DoctorStatus.Warning, $"{availability.Problem} Answers will be extractive. {availability.Hint}"));
        }
        catch (Exception ex) when (ex is DocAssistException)
        {
            checks.Add(new DoctorCheck("ollama", DoctorStatus.Failed, ex.Message));
        }

        foreach (EndpointEntry entry in factory.Config.Endpoints)
        {
            string? model = entry.Models.Count > 0 ? entry.Models[0] : entry.DefaultModel;
            EgressVerdict verdict = factory.Policy.Evaluate(entry.BaseUrl, model);
            string facts = entry.Verified is null ? "facts declared by you, not verified" : $"verified: {entry.Verified}";
            KnownEndpoint? known = KnownEndpoints.Find(entry.BaseUrl.IdnHost);
            string knownNote = known is null ? string.Empty : $" Known as {known.Service}: {known.Why} ({known.Source}).";
            checks.Add(new DoctorCheck(
                $"endpoint {entry.Name}",
                verdict.Allowed ? (verdict.IsLoopback ? DoctorStatus.Ok : DoctorStatus.Warning) : DoctorStatus.Failed,
                $"{entry.BaseUrl} [{verdict.Label}] policy {factory.Policy.Name}: {(verdict.Allowed ? "allowed" : "refused")} — {verdict.Reason} ({facts}).{knownNote}"
                + (verdict.Caveat is { } c ? $" Caveat: {c}" : string.Empty)));
        }

        return checks;
    }
}
