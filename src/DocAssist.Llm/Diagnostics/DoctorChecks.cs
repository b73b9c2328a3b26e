using System.Net.Http.Headers;
using System.Text.Json;
using DocAssist.Core.Errors;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;
using DocAssist.Llm.Models;

namespace DocAssist.Llm.Diagnostics;

/// <summary>The model side of <c>docassist doctor</c>: the config file, the policy, the model endpoint the settings name (the policy's verdict
/// about it, then a probe only when the policy allows it), and each declared endpoint with the policy's verdict.</summary>
public static class DoctorChecks
{
    /// <summary>The name of the check that judges the model endpoint in force.</summary>
    public const string ModelEndpointCheck = "model endpoint";

    /// <summary>Runs the model checks.</summary>
    /// <param name="factory">The factory built from the user's settings and config: its provider, endpoint, model and policy are the ones checked.</param>
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

        checks.AddRange(await CheckModelEndpointAsync(factory, cancellationToken).ConfigureAwait(false));

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

    /// <summary>Judges the endpoint the settings name under the policy, and probes it only when the policy allows it.</summary>
    private static async Task<IReadOnlyList<DoctorCheck>> CheckModelEndpointAsync(ModelClientFactory factory, CancellationToken cancellationToken)
    {
        string provider;
        Uri baseUrl;
        EndpointEntry? entry;
        try
        {
            provider = factory.Provider;
            (baseUrl, entry) = factory.ResolveEndpoint();
        }
        catch (ConfigException ex)
        {
            return [new DoctorCheck(ModelEndpointCheck, DoctorStatus.Failed, ex.Message)];
        }

        EgressVerdict verdict = factory.Policy.Evaluate(baseUrl, factory.Options.Model ?? entry?.DefaultModel);
        string judged = $"{provider} at {baseUrl} [{verdict.Label}] policy {factory.Policy.Name}: {(verdict.Allowed ? "allowed" : "refused")} — {verdict.Reason}"
            + (verdict.Caveat is { } c ? $" Caveat: {c}" : string.Empty);
        if (!verdict.Allowed)
        {
            return [new DoctorCheck(ModelEndpointCheck, DoctorStatus.Failed, judged + " Not probed: nothing was sent (no DNS lookup, no connection).")];
        }

        var endpointCheck = new DoctorCheck(ModelEndpointCheck, verdict.IsLoopback ? DoctorStatus.Ok : DoctorStatus.Warning, judged);
        DoctorCheck probe = provider == "ollama"
            ? await ProbeOllamaAsync(factory, cancellationToken).ConfigureAwait(false)
            : await ProbeOpenAiAsync(factory, baseUrl, entry, cancellationToken).ConfigureAwait(false);
        return [endpointCheck, probe];
    }

    private static async Task<DoctorCheck> ProbeOllamaAsync(ModelClientFactory factory, CancellationToken cancellationToken)
    {
        try
        {
            ModelAvailability availability = await factory.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using ModelConnection? connection = availability.Connection;
            return connection is not null
                ? new DoctorCheck("ollama", DoctorStatus.Ok, $"{connection.Description}, context {connection.ContextTokens} tokens"
                    + (connection.EmbeddingModel is { } em ? $", embeddings from '{em}'." : ", no embedding model (BM25 retrieval only).")
                    + (connection.Notices.Count > 0 ? " " + string.Join(" ", connection.Notices) : string.Empty))
                : new DoctorCheck("ollama", DoctorStatus.Warning, $"{availability.Problem} Answers will be extractive. {availability.Hint}");
        }
        catch (Exception ex) when (ex is DocAssistException)
        {
            return new DoctorCheck("ollama", DoctorStatus.Failed, ex.Message);
        }
    }

    /// <summary>Lists the models of an OpenAI-compatible endpoint (<c>GET …/models</c>) through the guarded client: no document text is sent.</summary>
    private static async Task<DoctorCheck> ProbeOpenAiAsync(ModelClientFactory factory, Uri baseUrl, EndpointEntry? entry, CancellationToken cancellationToken)
    {
        string authority = baseUrl.GetLeftPart(UriPartial.Authority);
        var models = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/models");
        using HttpClient http = factory.CreateHttpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(factory.Options.ProbeTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, models);
            if (factory.FindApiKey(entry) is { } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using (EgressPurpose.Begin("probe"))
            {
                using HttpResponseMessage response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (status is 401 or 403)
                {
                    return new DoctorCheck("openai", DoctorStatus.Warning, $"{authority} answers but refuses the request (HTTP {status}): set {ModelClientFactory.ApiKeyVariable}.");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return new DoctorCheck("openai", DoctorStatus.Warning, $"{models} answered HTTP {status}.");
                }

                string body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                string[] names = ModelNames(body);
                return new DoctorCheck("openai", DoctorStatus.Ok, names.Length == 0
                    ? $"{authority} answers."
                    : $"{authority} answers: {names.Length} model(s) listed ({string.Join(", ", names.Take(5))}{(names.Length > 5 ? ", …" : string.Empty)}).");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (EgressRefusal.TryFind(ex, out ConfigException refusal))
            {
                return new DoctorCheck("openai", DoctorStatus.Failed, refusal.Message);
            }

            return new DoctorCheck("openai", DoctorStatus.Warning, $"no server answered at {authority} ({(ex is OperationCanceledException ? "timed out" : Innermost(ex).Message)}).");
        }
    }

    private static string[] ModelNames(string body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array
                ? [.. data.EnumerateArray().Select(m => m.TryGetProperty("id", out JsonElement id) ? id.GetString() : null).OfType<string>()]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
