using DocAssist.Core.Errors;
using DocAssist.Llm.Endpoints;

namespace DocAssist.Llm.Tests;

public sealed class ConfigTests
{
    [Fact]
    public void DefaultPath_XdgThenHome()
    {
        Assert.Equal("/x/docassist/config.json", ConfigLoader.DefaultPath(n => n == "XDG_CONFIG_HOME" ? "/x" : null));
        Assert.Equal("/home/u/.config/docassist/config.json", ConfigLoader.DefaultPath(n => n == "HOME" ? "/home/u" : null));
        Assert.Equal("/home/u/.config/docassist/config.json", ConfigLoader.DefaultPath(n => n switch { "HOME" => "/home/u", "XDG_CONFIG_HOME" => "relative", _ => null }));
        Assert.Equal("/c.json", ConfigLoader.DefaultPath(n => n == ConfigLoader.PathVariable ? "/c.json" : null));
    }

    [Fact]
    public void Parse_Endpoints()
    {
        DocAssistConfig config = ConfigLoader.Parse("""
            {
              // comments are allowed
              "policy": "eu",
              "provider": "openai",
              "endpoint": "scaleway",
              "endpoints": [
                { "name": "scaleway", "baseUrl": "https://api.scaleway.ai/v1", "operator": "Scaleway SAS", "operatorCountry": "fr",
                  "hostingCountry": "FR", "models": ["llama-3.3-70b-instruct"], "apiKeyEnv": "SCW_KEY", "model": "llama-3.3-70b-instruct" },
              ],
            }
            """, "c.json");

        EndpointEntry entry = Assert.Single(config.Endpoints);
        Assert.Equal("eu", config.Policy);
        Assert.Equal("FR", entry.OperatorCountry);
        Assert.Equal("api.scaleway.ai", entry.BaseUrl.Host);
        Assert.True(entry.Covers("api.scaleway.ai", "llama-3.3-70b-instruct"));
        Assert.False(entry.Covers("api.scaleway.ai", "other"));
        Assert.Null(entry.Verified);
    }

    [Theory]
    [InlineData("{ not json", "c.json")]
    [InlineData("""{ "endpoints": [ { "name": "x" } ] }""", "endpoints[0].baseUrl")]
    [InlineData("""{ "endpoints": [ { "name": "x", "baseUrl": "ftp://x" } ] }""", "endpoints[0].baseUrl")]
    [InlineData("""{ "endpoints": [ { "name": "x", "baseUrl": "https://x", "hostingCountry": "France" } ] }""", "endpoints[0].hostingCountry")]
    [InlineData("""{ "policy": "everywhere" }""", "policy")]
    [InlineData("""{ "endpoints": [ { "name": "x", "baseUrl": "https://x" }, { "name": "X", "baseUrl": "https://y" } ] }""", "endpoints")]
    public void Parse_Invalid_ConfigExceptionNamesKey(string json, string key)
    {
        ConfigException error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "c.json"));

        Assert.Equal(key, error.KeyPath);
        Assert.Contains("c.json", error.Message);
    }

    [Fact]
    public void Load_MissingFile_Empty() => Assert.Same(DocAssistConfig.Empty, ConfigLoader.Load("/nonexistent/docassist.json"));
}
