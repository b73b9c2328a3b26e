using System.Diagnostics;

namespace DocAssist.ExtractionEval;

/// <summary>Runs poppler's <c>pdftotext</c> (default mode, not <c>-raw</c> or <c>-layout</c>), the reference extractor.</summary>
internal static class Pdftotext
{
    /// <summary>How long one file may take before it counts as failed.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Extracts a file's text page by page.</summary>
    /// <param name="path">The PDF.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The pages' texts (or the error when pdftotext failed), and whether poppler missed a language pack for some font.</returns>
    public static async Task<(string[]? Pages, string? Error, bool MissingLanguagePack)> ExtractAsync(string path, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo("pdftotext")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string a in new[] { "-enc", "UTF-8", path, "-" })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("pdftotext did not start (is poppler-utils installed?).");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            string text = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            string errors = await stderr;
            if (process.ExitCode != 0 && text.Length == 0)
            {
                string first = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no message";
                return (null, $"pdftotext failed ({process.ExitCode}): {first}", false);
            }

            // Every page ends with a form feed.
            string[] pages = text.Split('\f');
            // Without poppler-data, pdftotext drops the text of CJK fonts that rely on Adobe's character collections.
            bool missingPack = errors.Contains("Missing language pack", StringComparison.Ordinal);
            return (pages.Length > 1 ? pages[..^1] : pages, null, missingPack);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (null, $"pdftotext took more than {Timeout.TotalSeconds:0} s", false);
        }
    }
}
