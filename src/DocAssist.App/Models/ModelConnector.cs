using DocAssist.App.Notices;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;

namespace DocAssist.App.Models;

/// <summary>Finds the model a job uses, saying what was chosen or why there is none; prints nothing (the host shows the notices).</summary>
public static class ModelConnector
{
    /// <summary>Connects unless told to use no model.</summary>
    /// <param name="factory">The model settings, policy and ledger.</param>
    /// <param name="extractive">Whether to use no model at all.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The connection (or none) and what the user should be told.</returns>
    public static async Task<ModelChoice> ConnectAsync(ModelClientFactory factory, bool extractive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (extractive)
        {
            return new ModelChoice(null, []);
        }

        var notices = new List<Notice>();
        if (factory.Policy.Mode == EgressMode.Any)
        {
            notices.Add(new Notice(NoticeCodes.PolicyAny, "WARNING: policy 'any': document text may be sent off this machine to any endpoint."));
        }

        ModelAvailability availability = await factory.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (availability.Connection is not { } connection)
        {
            notices.Add(new Notice(NoticeCodes.ModelUnavailable, availability.Problem ?? "no model is reachable."));
            if (availability.Hint is { } hint)
            {
                notices.Add(new Notice(NoticeCodes.ModelHint, hint));
            }

            return new ModelChoice(null, notices);
        }

        notices.Add(new Notice(NoticeCodes.ModelInUse, $"using the {connection.Description}."));
        notices.AddRange(connection.Notices.Select(n => new Notice(NoticeCodes.ModelChoice, n)));
        return new ModelChoice(connection, notices);
    }
}

/// <summary>The model a job uses, or none, and what its user should be told about the choice.</summary>
/// <param name="Connection">The connection (dispose it when the job ends), or <see langword="null"/> for extractive work.</param>
/// <param name="Notices">What was chosen, or why there is no model and how to get one.</param>
public sealed record ModelChoice(ModelConnection? Connection, IReadOnlyList<Notice> Notices);
