using System.Runtime.CompilerServices;
using System.Text;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Passes plain text and Markdown through; a form feed starts a new page.</summary>
public sealed class TextDecoder : IDocumentDecoder
{
    /// <inheritdoc/>
    public bool CanDecode(DocumentKind kind) => kind == DocumentKind.Text;

    /// <inheritdoc/>
    public async IAsyncEnumerable<PageContent> DecodeAsync(
        string path, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, new UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException ex)
        {
            throw new DocumentFormatException($"{path}: not valid UTF-8 text.", ex) { FilePath = path };
        }

        string[] pages = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\f');
        for (int i = 0; i < pages.Length; i++)
        {
            yield return new PageContent { Number = i + 1, Text = pages[i].Trim('\n') };
        }
    }
}
