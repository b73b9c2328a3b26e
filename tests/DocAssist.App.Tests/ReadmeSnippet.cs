// README:usings
using DocAssist.App.Extraction;
using DocAssist.Core.Model;
// README:end

namespace DocAssist.App.Tests;

/// <summary>The README's library snippet, word for word (<see cref="ReadmeSnippetTests"/> checks that it is), so it is compiled with every build.</summary>
internal static class ReadmeSnippet
{
    public static async Task<string> RunAsync(TextWriter Console)
    {
        // README:body
        using DocumentPipeline pipeline = new DocumentPipelineBuilder().UseLanguages("eng+fra").Build();
        ExtractionOutcome outcome = await pipeline.ExtractAsync("scan.pdf");
        foreach (Page page in outcome.Document?.Pages ?? [])
            Console.WriteLine($"p.{page.Number} [{page.Source}, {page.Confidence}] {page.Text}");
        // README:end
        return outcome.Error ?? string.Empty;
    }
}
