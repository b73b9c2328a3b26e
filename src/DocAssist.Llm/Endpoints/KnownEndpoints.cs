namespace DocAssist.Llm.Endpoints;

/// <summary>The operators' declared facts for OpenAI-compatible endpoints we know of (stored vendor pages, 2023–2026; none checked live).</summary>
/// <remarks>Regions, terms and sub-processors change: users must verify current vendor terms before enabling an endpoint.</remarks>
public static class KnownEndpoints
{
    private const string Unverified = "declared by the operator; not verified by DocAssist";

    /// <summary>Gets the built-in entries.</summary>
    public static IReadOnlyList<KnownEndpoint> All { get; } =
    [
        new("api.scaleway.ai", "Scaleway Generative APIs", "https://api.scaleway.ai/v1", "Scaleway SAS, Paris", "FR",
            "Paris, FR (own infrastructure)", EuAssessment.Meets,
            "FR operator, inference declared in Paris, zero retention by default.", "Scaleway data-privacy docs, 2025-10; " + Unverified),
        new("oai.endpoints.kepler.ai.cloud.ovh.net", "OVHcloud AI Endpoints", "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1", "OVH SAS, Roubaix", "FR",
            "Gravelines, FR", EuAssessment.Meets,
            "FR operator, inference declared in Gravelines, prompts declared not stored.", "OVHcloud endpoint guides, 2025-08/2026-03; " + Unverified),
        new("openai.inference.de-txl.ionos.com", "IONOS AI Model Hub", "https://openai.inference.de-txl.ionos.com/v1", "IONOS SE, Montabaur", "DE",
            "Berlin (de-txl), DE", EuAssessment.Meets,
            "DE operator, inference declared in Berlin; retention not found.", "IONOS DPA and AI Model Hub docs; " + Unverified),
        new("api.openai-compat.model-serving.eu01.onstackit.cloud", "STACKIT AI Model Serving", "https://api.openai-compat.model-serving.eu01.onstackit.cloud/v1",
            "Schwarz Digits Cloud GmbH & Co. KG, Neckarsulm", "DE", "STACKIT data centres, DE", EuAssessment.Meets,
            "DE operator, inference declared in German data centres, request data not stored.", "STACKIT service description and FAQ; " + Unverified),
        new("llm-server.llmhub.t-systems.net", "T-Systems AI Foundation Services", "https://llm-server.llmhub.t-systems.net/v2", "T-Systems International GmbH, Frankfurt", "DE",
            "Category 1 models: T-Cloud Public, EU/EEA", EuAssessment.MeetsWithModelAllowList,
            "The same key reaches Category 2 models run by US providers: list the Category 1 models you allow in the config.",
            "T-Systems enterprise-trust service description v1.20; " + Unverified),
        new("api.eu.mistral.ai", "Mistral La Plateforme (EU endpoint)", "https://api.eu.mistral.ai/v1", "Mistral AI SAS, Paris", "FR",
            "EU/EFTA data centres", EuAssessment.Conditional,
            "Control plane not regional; US-owned infrastructure sub-processors reported; prompts kept 30 days unless zero retention is enabled.",
            "docs.mistral.ai regional inference; ToS 2025-02; " + Unverified),
        new("api.mistral.ai", "Mistral La Plateforme (global endpoint)", "https://api.mistral.ai/v1", "Mistral AI SAS, Paris", "FR",
            "global", EuAssessment.DoesNotMeet,
            "The default endpoint is global; use https://api.eu.mistral.ai/v1 instead.", "docs.mistral.ai regional inference; " + Unverified),
        new("api.tokenfactory.nebius.com", "Nebius Token Factory", "https://api.tokenfactory.nebius.com/v1", "Nebius B.V., Schiphol", "NL",
            "serverless: global, can change", EuAssessment.DoesNotMeet,
            "Serverless inference location not fixed; infrastructure sub-processors include Nebius Inc. (US).", "Nebius legal docs; " + Unverified),
        new("api.aleph-alpha.com", "Aleph Alpha PhariaAI", "https://api.aleph-alpha.com", "Aleph Alpha, Heidelberg", "DE",
            "may run on servers hosted with other providers", EuAssessment.Uncertain,
            "Default hosting allows other providers' servers and an acquisition by a Canadian company was announced in 2026.", "Aleph Alpha API docs; press 2026-04; " + Unverified),
        new("api.infomaniak.com", "Infomaniak AI Tools", "https://api.infomaniak.com/1/ai/{product_id}/openai", "Infomaniak Network SA, Geneva", "CH",
            "Switzerland", EuAssessment.Switzerland,
            "Switzerland is not in the EU/EEA (adequacy decision only).", "Infomaniak FAQ and API reference; " + Unverified),
        new(".endpoints.huggingface.cloud", "Hugging Face Inference Endpoints", "https://<id>.<region>.<cloud>.endpoints.huggingface.cloud/v1", "Hugging Face, Inc.", "US",
            "depends on the deployment (AWS/Azure/GCP)", EuAssessment.DoesNotMeet,
            "US operator on US-owned clouds, even in EU regions.", "huggingface.co privacy and FAQ; " + Unverified),
        new(".openai.azure.com", "Azure OpenAI", "https://<resource>.openai.azure.com/openai/v1/", "Microsoft Corp.", "US",
            "EU Data Zone: any EU member state", EuAssessment.DoesNotMeet,
            "US parent (CLOUD Act), even in the EU Data Zone.", "learn.microsoft.com deployment types; " + Unverified),
    ];

    /// <summary>Finds the built-in entry for a host.</summary>
    /// <param name="host">The host name.</param>
    /// <returns>The entry, or <see langword="null"/> when the host is unknown.</returns>
    public static KnownEndpoint? Find(string host) => All.FirstOrDefault(e => e.Matches(host));
}
