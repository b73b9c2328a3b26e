using System.CommandLine;
using DocAssist.App.Models;
using DocAssist.App.Notices;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Endpoints;
using DocAssist.Llm.Models;

namespace DocAssist.Cli.Commands;

/// <summary>The flags every model-using command shares: provider, model, endpoint, policy, context, redaction, audit.</summary>
internal sealed class ModelFlags
{
    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "Model provider: ollama (default; server from OLLAMA_HOST) or openai (any OpenAI-compatible endpoint; key from DOCASSIST_API_KEY).",
        HelpName = "NAME",
    };

    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description = "Model name (default: from the config, else an installed Ollama model, named on stderr).",
        HelpName = "NAME",
    };

    public Option<string?> BaseUrl { get; } = new("--base-url")
    {
        Description = "Server URL, e.g. http://127.0.0.1:11434 for Ollama or https://host/v1 for openai.",
        HelpName = "URL",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "An endpoint declared in the config file, by name.",
        HelpName = "NAME",
    };

    public Option<string?> Policy { get; } = new("--policy")
    {
        Description = "Where model requests may go: local (loopback only, the default), eu (plus declared EU-hosted endpoints), any (explicit opt-in).",
        HelpName = "local|eu|any",
    };

    public Option<int?> Context { get; } = new("--context")
    {
        Description = "The model's context size in tokens (default: read from the server, else 8192).",
        HelpName = "TOKENS",
    };

    public Option<string?> EmbedModel { get; } = new("--embed-model")
    {
        Description = "Embedding model for retrieval (default: an installed Ollama embedding model, else BM25 alone).",
        HelpName = "NAME",
    };

    public Option<bool> Redact { get; } = new("--redact")
    {
        Description = "Replace e-mail addresses, phone numbers, IBANs, card numbers and social security numbers with placeholders before text goes to a non-loopback endpoint; restore them in the answer.",
    };

    public Option<bool> Audit { get; } = new("--audit")
    {
        Description = "After the job, print the egress ledger: every destination, purpose and byte count (\"0 bytes left this machine\" when so).",
    };

    public Option<bool> Extractive { get; } = new("--extractive")
    {
        Description = "Use no model at all: extractive summary or passages only.",
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Config file (default: $DOCASSIST_CONFIG, else $XDG_CONFIG_HOME/docassist/config.json or ~/.config/docassist/config.json).",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Provider, Model, BaseUrl, Endpoint, Policy, Context, EmbedModel, Redact, Audit, Extractive, Config })
        {
            command.Options.Add(option);
        }

        Policy.Validators.Add(r =>
        {
            string? value = r.GetValueOrDefault<string?>();
            if (value is not null && value is not ("local" or "eu" or "any"))
            {
                r.AddError($"--policy '{value}' is not one of local, eu, any.");
            }
        });
        Context.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 512)
            {
                r.AddError("--context must be at least 512 tokens.");
            }
        });
    }

    /// <summary>Builds the factory from flags, environment and config.</summary>
    public ModelClientFactory CreateFactory(ParseResult result, CliContext context)
    {
        string configPath = result.GetValue(Config) ?? ConfigLoader.DefaultPath(context.GetEnvironment);
        DocAssistConfig config = ConfigLoader.Load(configPath);
        var options = new ModelOptions
        {
            Provider = result.GetValue(Provider),
            Model = result.GetValue(Model),
            BaseUrl = result.GetValue(BaseUrl),
            Endpoint = result.GetValue(Endpoint),
            Policy = result.GetValue(Policy) is { } p ? EgressPolicy.ParseMode(p) : null,
            ContextTokens = result.GetValue(Context),
            EmbeddingModel = result.GetValue(EmbedModel),
            Redact = result.GetValue(Redact),
            Transport = context.Transport,
        };
        return new ModelClientFactory(options, config, new EgressLedger(), context.GetEnvironment);
    }

    /// <summary>Finds the model unless <c>--extractive</c>; says on stderr what is used or why not.</summary>
    public static async Task<ModelConnection?> ConnectAsync(CliContext context, ModelClientFactory factory, bool extractive, CancellationToken cancellationToken)
    {
        ModelChoice choice = await ModelConnector.ConnectAsync(factory, extractive, cancellationToken);
        Show(context, choice.Notices);
        return choice.Connection;
    }

    /// <summary>Shows notices on stderr, one line each.</summary>
    public static void Show(CliContext context, IEnumerable<Notice> notices)
    {
        foreach (Notice notice in notices)
        {
            context.Say(notice.Message);
        }
    }

    /// <summary>Prints the ledger when asked, and its notices whenever there are any (the <c>any</c> policy is always reported).</summary>
    public static async Task ReportAsync(CliContext context, EgressLedger ledger, bool audit)
    {
        if (audit)
        {
            await context.Err.WriteAsync(ledger.Render());
            return;
        }

        foreach (string notice in ledger.Notices)
        {
            context.Say("note: " + notice);
        }
    }
}
