using System.Runtime.InteropServices;
using DocAssist.App.Extraction;
using DocAssist.Core.Pipeline;
using DocAssist.Testing;
using ImageMagick;

namespace DocAssist.App.Tests;

public partial class ImageSizeTests
{
    public static TheoryData<string> Images() =>
        [.. new[] { "images", "ocr-heldout" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, "testdata", d)))
            .Where(f => Path.GetExtension(f) is ".jpg" or ".jpeg" or ".png" or ".tif")
            .Select(f => Path.GetRelativePath(TestData.RepoRoot, f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Images))]
    public void Read_RealImage_GivesTheSizeTheDecoderSees(string file)
    {
        string path = Path.Combine(TestData.RepoRoot, file);
        var decoded = new MagickImageInfo(path);

        (int Width, int Height)? size = ImageSize.Read(path);

        Assert.Equal(((int)decoded.Width, (int)decoded.Height), size);
    }

    [Fact]
    public void Read_JpegWithSegmentsBeforeItsFrameHeader_SkipsThem()
    {
        // An EXIF-like APP1 segment of 3000 bytes and a comment before the frame header, written by ImageMagick.
        using var image = new MagickImage(MagickColors.White, 321, 123) { Format = MagickFormat.Jpeg, Comment = new string('c', 500) };
        var profile = new ExifProfile();
        profile.SetValue(ExifTag.ImageDescription, new string('d', 3000));
        image.SetProfile(profile);
        using var stream = new MemoryStream(image.ToByteArray());

        Assert.Equal((321, 123), ImageSize.Read(stream));
    }

    [Theory]
    [InlineData("not an image at all")]
    [InlineData("\u00FF\u00D8\u00FF\u00E0\u0000")] // a JPEG cut inside its first segment
    [InlineData("II*\u0000\u00FF\u00FF\u00FF\u007F")] // a TIFF whose directory lies past the end
    [InlineData("MM\u0000*\u0000\u0000\u0000\u0008\u0000")] // a TIFF whose directory is cut before its entry count ends
    public void Read_DamagedOrOtherFile_GivesNull(string content)
    {
        using var stream = new MemoryStream([.. content.Select(c => (byte)c)]);

        Assert.Null(ImageSize.Read(stream));
    }

    [Theory]
    [InlineData("ehri_EHRI-BF-19380509b_EN_01.jpg")]
    [InlineData("tess_phototest.tif")]
    [InlineData("udhr_hebrew.png")]
    public void Read_RealImageCutShort_GivesNullOrItsSize_NeverThrows(string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(TestData.RepoRoot, "testdata", "images", file));
        (int, int)? whole = ImageSize.Read(new MemoryStream(bytes));
        Assert.NotNull(whole);
        for (int length = 0; length < Math.Min(bytes.Length, 3000); length++)
        {
            using var stream = new MemoryStream(bytes, 0, length);
            (int, int)? size = ImageSize.Read(stream);
            Assert.True(size is null || size == whole, $"cut at {length} bytes: {size}");
        }
    }

    [Fact]
    public void EstimatedWork_IsAnImagesPixelCount_AndAnyOtherFilesLength()
    {
        string image = Path.Combine(TestData.RepoRoot, "testdata", "images", "tess_phototest.tif");
        string pdf = Path.Combine(TestData.RepoRoot, "testdata", "pdfs", "gen_born_digital.pdf");
        var decoded = new MagickImageInfo(image);

        Assert.Equal((long)decoded.Width * decoded.Height, DocumentPipeline.EstimatedWork(image));
        Assert.Equal(new FileInfo(pdf).Length, DocumentPipeline.EstimatedWork(pdf));
        Assert.Equal(0, DocumentPipeline.EstimatedWork(Path.Combine(TestData.RepoRoot, "testdata", "no-such-file.jpg")));
    }

    [Fact]
    public async Task EstimatedWork_NamedPipe_IsZero_WithoutOpeningIt()
    {
        // Opening a FIFO for reading blocks until a writer comes: the estimate must not open it at all.
        string dir = Directory.CreateTempSubdirectory("docassist-estimate-").FullName;
        try
        {
            string fifo = Path.Combine(dir, "pipe.jpg");
            Assert.Equal(0, MakeFifo(fifo, 0b110_100_100));

            Task<long> estimate = Task.Run(() => DocumentPipeline.EstimatedWork(fifo));

            Task first = await Task.WhenAny(estimate, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(first == estimate, "the estimate opened the pipe and waits for a writer");
            Assert.Equal(0, await estimate);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);
}
