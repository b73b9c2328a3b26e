using System.Runtime.CompilerServices;
using DocAssist.Core;
using DocAssist.Core.Errors;
using DocAssist.Core.Model;
using DocAssist.Core.Pipeline;
using ImageMagick;

namespace DocAssist.Ocr.Imaging;

/// <summary>Reads image files (PNG, JPEG, TIFF, BMP, GIF, WebP, JPEG 2000): one page per frame, each handed to OCR as the encoded file plus a frame index.</summary>
/// <remarks>Thread-safe. Frames are counted from their headers only; pixels are decoded later, one frame at a time, by the OCR worker.</remarks>
public sealed class ImageDocumentDecoder : IDocumentDecoder
{
    /// <inheritdoc/>
    public bool CanDecode(DocumentKind kind) => kind == DocumentKind.Image;

    /// <inheritdoc/>
    public async IAsyncEnumerable<PageContent> DecodeAsync(
        string path, ExtractOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);

        byte[] data;
        try
        {
            data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DocumentFormatException($"{path}: cannot be read ({ex.Message}).", ex) { FilePath = path };
        }

        IReadOnlyList<IMagickImageInfo> frames = ReadFrames(path, data);
        string name = Path.GetFileName(path);
        for (int i = 0; i < frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IMagickImageInfo frame = frames[i];
            yield return new PageContent
            {
                Number = i + 1,
                Image = new PageImage
                {
                    Data = data,
                    Frame = i,
                    Width = (int)frame.Width,
                    Height = (int)frame.Height,
                    Dpi = PageImageLoader.StatedDpi(frame.Density),
                    Origin = frames.Count == 1 ? name : $"{name} page {i + 1}",
                },
            };
        }
    }

    private static IReadOnlyList<IMagickImageInfo> ReadFrames(string path, byte[] data)
    {
        if (data.Length == 0)
        {
            // Magick refuses empty data with an ArgumentException, not a MagickException.
            throw new DocumentFormatException($"{path}: not a readable image (the file is empty).") { FilePath = path };
        }

        try
        {
            IReadOnlyList<IMagickImageInfo> frames = [.. MagickImageInfo.ReadCollection(data)];
            if (frames.Count == 0)
            {
                throw new DocumentFormatException($"{path}: the image holds no frame.") { FilePath = path };
            }

            return frames;
        }
        catch (MagickException ex)
        {
            string reason = ex.Message.Split('\n')[0];
            throw new DocumentFormatException($"{path}: not a readable image ({reason}).", ex) { FilePath = path };
        }
    }
}
