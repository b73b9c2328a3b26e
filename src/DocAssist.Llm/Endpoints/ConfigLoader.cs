using System.Text.Json;
using DocAssist.Core.Errors;

namespace DocAssist.Llm.Endpoints;

/// <summary>Finds and reads the user's config file (<c>$XDG_CONFIG_HOME/docassist/config.json</c>, else <c>~/.config/docassist/config.json</c>).</summary>
public static class ConfigLoader
{
    /// <summary>The environment variable that names another config file.</summary>
    public const string PathVariable = "DOCASSIST_CONFIG";

    /// <summary>Gets the config file path for an environment.</summary>
    /// <param name="getEnvironment">Reads an environment variable (defaults to the process environment).</param>
    /// <returns>The path, which may not exist.</returns>
    public static string DefaultPath(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        if (getEnvironment(PathVariable) is { Length: > 0 } explicitPath)
        {
            return explicitPath;
        }

        string? xdg = getEnvironment("XDG_CONFIG_HOME");
        string baseDir = xdg is { Length: > 0 } && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(getEnvironment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(baseDir, "docassist", "config.json");
    }

    /// <summary>Reads a config file; a missing file gives <see cref="DocAssistConfig.Empty"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ConfigException">The file is not valid JSON or a setting is wrong; the key path is named.</exception>
    public static DocAssistConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return DocAssistConfig.Empty;
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config JSON.</summary>
    /// <param name="json">The file content.</param>
    /// <param name="path">The file name, for messages.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ConfigException">The JSON is invalid or a setting is wrong; the key path is named.</exception>
    public static DocAssistConfig Parse(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"{path}: not valid JSON ({ex.Message}).", ex) { KeyPath = path };
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, "$", "the file must hold a JSON object");
            }

            var endpoints = new List<EndpointEntry>();
            if (root.TryGetProperty("endpoints", out JsonElement list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw Error(path, "endpoints", "must be an array");
                }

                int i = 0;
                foreach (JsonElement item in list.EnumerateArray())
                {
                    endpoints.Add(ReadEndpoint(item, path, $"endpoints[{i}]"));
                    i++;
                }
            }

            var duplicate = endpoints.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw Error(path, "endpoints", $"the name '{duplicate.Key}' is used twice");
            }

            string? policy = String(root, "policy", path, "policy");
            if (policy is not null && !Enum.TryParse<Egress.EgressMode>(policy, ignoreCase: true, out _))
            {
                throw Error(path, "policy", $"'{policy}' is not one of local, eu, any");
            }

            return new DocAssistConfig
            {
                Path = path,
                Provider = String(root, "provider", path, "provider"),
                Model = String(root, "model", path, "model"),
                Policy = policy,
                Endpoint = String(root, "endpoint", path, "endpoint"),
                OllamaHost = String(root, "ollamaHost", path, "ollamaHost"),
                Endpoints = endpoints,
            };
        }
    }

    private static EndpointEntry ReadEndpoint(JsonElement item, string path, string key)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, key, "must be an object");
        }

        string name = String(item, "name", path, key + ".name") ?? throw Error(path, key + ".name", "is required");
        string url = String(item, "baseUrl", path, key + ".baseUrl") ?? throw Error(path, key + ".baseUrl", "is required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw Error(path, key + ".baseUrl", $"'{url}' is not an http(s) URL");
        }

        var models = new List<string>();
        if (item.TryGetProperty("models", out JsonElement m))
        {
            if (m.ValueKind != JsonValueKind.Array || m.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                throw Error(path, key + ".models", "must be an array of model names");
            }

            models.AddRange(m.EnumerateArray().Select(x => x.GetString()!));
        }

        return new EndpointEntry
        {
            Name = name,
            BaseUrl = baseUrl,
            Models = models,
            Operator = String(item, "operator", path, key + ".operator"),
            OperatorCountry = Country(item, "operatorCountry", path, key),
            HostingCountry = Country(item, "hostingCountry", path, key),
            NonEuParent = Bool(item, "nonEuParent", path, key + ".nonEuParent"),
            NonEuSubprocessors = Bool(item, "nonEuSubprocessors", path, key + ".nonEuSubprocessors"),
            Verified = String(item, "verified", path, key + ".verified"),
            ApiKeyEnv = String(item, "apiKeyEnv", path, key + ".apiKeyEnv"),
            DefaultModel = String(item, "model", path, key + ".model"),
        };
    }

    private static string? Country(JsonElement item, string name, string path, string key)
    {
        string? value = String(item, name, path, key + "." + name);
        if (value is not null && (value.Length != 2 || !value.All(char.IsAsciiLetter)))
        {
            throw Error(path, key + "." + name, $"'{value}' is not a two-letter country code such as FR or DE");
        }

        return value?.ToUpperInvariant();
    }

    private static string? String(JsonElement obj, string name, string path, string key)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(path, key, "must be a string");
    }

    private static bool Bool(JsonElement obj, string name, string path, string key)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(path, key, "must be true or false"),
        };
    }

    private static ConfigException Error(string path, string key, string problem) =>
        new($"{path}: {key} {problem}.") { KeyPath = key };
}
