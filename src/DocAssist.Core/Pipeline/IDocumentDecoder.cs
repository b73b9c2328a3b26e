using DocAssist.Core.Model;

namespace DocAssist.Core.Pipeline;

/// <summary>Turns one input file into pages: text it can read directly, images that need OCR.</summary>
public interface IDocumentDecoder
{
    /// <summary>Returns whether this decoder reads inputs of the given kind.</summary>
    /// <param name="kind">The kind detected from the file's content.</param>
    /// <returns><see langword="true"/> when <see cref="DecodeAsync"/> accepts such files.</returns>
    bool CanDecode(DocumentKind kind);

    /// <summary>Streams the pages of a file in order.</summary>
    /// <param name="path">The input file.</param>
    /// <param name="options">Extraction options (password, words, limits).</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>The pages, in order.</returns>
    /// <exception cref="Errors.DocumentFormatException">The file cannot be read at all.</exception>
    /// <exception cref="Errors.EncryptedDocumentException">The file needs a password that was not given or is wrong.</exception>
    IAsyncEnumerable<PageContent> DecodeAsync(string path, ExtractOptions options, CancellationToken cancellationToken = default);
}
