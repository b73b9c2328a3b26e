namespace DocAssist.App.Notices;

/// <summary>The codes of <see cref="Notice"/>s and of failures (documented in <c>docs/json.md</c>); a code, once published, keeps its meaning.</summary>
public static class NoticeCodes
{
    /// <summary>The model in use, and where it runs.</summary>
    public const string ModelInUse = "model.in-use";

    /// <summary>A choice made about the model (e.g. which installed model was picked, a context size read from the server).</summary>
    public const string ModelChoice = "model.choice";

    /// <summary>No model is reachable; the job went on without one (extractive).</summary>
    public const string ModelUnavailable = "model.unavailable";

    /// <summary>How to get a model.</summary>
    public const string ModelHint = "model.hint";

    /// <summary>The model stopped answering during the job; the rest is extractive.</summary>
    public const string ModelLost = "model.lost";

    /// <summary>The policy allows any endpoint: document text may leave the machine.</summary>
    public const string PolicyAny = "policy.any";

    /// <summary>Something about what left the machine (from the egress ledger).</summary>
    public const string Egress = "egress";

    /// <summary>A document could not be read; the others were.</summary>
    public const string FileFailed = "file.failed";

    /// <summary>A document was read with a warning (e.g. a page whose script has no language data).</summary>
    public const string FileWarning = "file.warning";

    /// <summary>The search index was updated.</summary>
    public const string IndexUpdated = "index.updated";

    /// <summary>A note on retrieval (e.g. embeddings unavailable, BM25 alone used).</summary>
    public const string Retrieval = "retrieval";

    /// <summary>A note on the answer (e.g. the model cited no passage, not every passage fitted the context).</summary>
    public const string Answer = "answer";

    /// <summary>A summary could not be written by the model.</summary>
    public const string SummaryFailed = "summary.failed";

    /// <summary>A note on a long job's plan (e.g. a document summarized in parts).</summary>
    public const string Progress = "progress";
}
