using System.Net;
using System.Text;
using System.Text.Json;
using DocAssist.Core;
using DocAssist.Testing;

namespace DocAssist.Server.Tests;

/// <summary>The Mistral-OCR-compatible API (<c>POST /v1/ocr</c> and the files endpoints) over real HTTP: scans and images read by the real
/// Tesseract in worker processes, the provider's shapes, the upload flow with signed URLs, the egress guard on downloads, and errors.</summary>
public sealed class OcrApiTests : IAsyncLifetime
{
    private OcrApiServer _ocr = null!;

    public async Task InitializeAsync() => _ocr = await OcrApiServer.StartAsync("ocrapi", new ExtractOptions { IncludeWords = true, Jobs = 2 });

    public Task DisposeAsync() => _ocr.DisposeAsync().AsTask();

    [Fact]
    public async Task ScannedPdf_ByDataUrl_PagesAsMarkdown_InThePointsFrame_NothingKept()
    {
        byte[] pdf = File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf"));

        JsonElement response = await OcrAsync(new { model = "mistral-ocr-latest", document = new { type = "document_url", document_url = OcrApiServer.DataUrl("application/pdf", pdf) } });

        Assert.Equal("mistral-ocr-latest", response.GetProperty("model").GetString());
        string[] expected = TestData.GroundTruth("pdfs/gen_scanned.gt.txt").Split("\n\f\n");
        JsonElement[] pages = [.. response.GetProperty("pages").EnumerateArray()];
        Assert.Equal(Enumerable.Range(0, expected.Length), pages.Select(p => p.GetProperty("index").GetInt32()));
        for (int i = 0; i < pages.Length; i++)
        {
            double cer = TextMetrics.CharacterErrorRate(expected[i], pages[i].GetProperty("markdown").GetString()!);
            Assert.True(cer < 0.10, $"page {i}: CER {cer:P1}");
            JsonElement dimensions = pages[i].GetProperty("dimensions");
            Assert.Equal(72, dimensions.GetProperty("dpi").GetInt32());
            Assert.Empty(pages[i].GetProperty("images").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, pages[i].GetProperty("confidence_scores").ValueKind);
        }

        Assert.Equal(pages.Length, response.GetProperty("usage_info").GetProperty("pages_processed").GetInt32());
        Assert.Equal(pdf.Length, response.GetProperty("usage_info").GetProperty("doc_size_bytes").GetInt64());
        // Nothing sent to /v1/ocr is kept: no document in the library, no temporary file left.
        Assert.Empty(JsonDocument.Parse(await _ocr.Http.GetStringAsync("api/documents")).RootElement.EnumerateArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_ocr.Data, "tmp")));
        Assert.Equal(0, _ocr.Network.Sends);
    }

    [Fact]
    public async Task Image_ByImageUrlObject_OnePageInItsPixels_WithWordConfidencesThatPointIntoTheMarkdown()
    {
        byte[] jpeg = File.ReadAllBytes(TestData.Path("images/ehri_EHRI-BF-19380509b_EN_01.jpg"));

        JsonElement response = await OcrAsync(new
        {
            model = (string?)null,
            document = new { type = "image_url", image_url = new { url = OcrApiServer.DataUrl("image/jpeg", jpeg) } },
            confidence_scores_granularity = "word",
            include_blocks = true,
        });

        Assert.Equal("docassist-tesseract", response.GetProperty("model").GetString());
        JsonElement page = Assert.Single(response.GetProperty("pages").EnumerateArray());
        string markdown = page.GetProperty("markdown").GetString()!;
        double cer = TextMetrics.CharacterErrorRate(TestData.GroundTruth("images/ehri_EHRI-BF-19380509b_EN_01.gt.txt"), markdown);
        Assert.True(cer < 0.10, $"CER {cer:P1}");
        using var image = new ImageMagick.MagickImage(jpeg);
        Assert.Equal((int)image.Width, page.GetProperty("dimensions").GetProperty("width").GetInt32());
        Assert.Equal((int)image.Height, page.GetProperty("dimensions").GetProperty("height").GetInt32());

        JsonElement scores = page.GetProperty("confidence_scores");
        JsonElement[] words = [.. scores.GetProperty("word_confidence_scores").EnumerateArray()];
        Assert.True(words.Length > 100, $"{words.Length} words");
        foreach (JsonElement w in words)
        {
            string text = w.GetProperty("text").GetString()!;
            Assert.Equal(text, markdown.Substring(w.GetProperty("start_index").GetInt32(), text.Length));
            Assert.InRange(w.GetProperty("confidence").GetDouble(), 0, 1);
        }

        double average = scores.GetProperty("average_page_confidence_score").GetDouble();
        Assert.InRange(average, 0.5, 1);
        Assert.True(scores.GetProperty("minimum_page_confidence_score").GetDouble() <= average);
        JsonElement block = Assert.Single(page.GetProperty("blocks").EnumerateArray());
        Assert.Equal("text", block.GetProperty("type").GetString());
        Assert.InRange(block.GetProperty("bottom_right_x").GetInt32(), 1, (int)image.Width);
    }

    [Fact]
    public async Task BornDigitalPdf_PagesAsked_TextLayerHasNoConfidence_AndAMissingPageIsNamed()
    {
        string data = OcrApiServer.DataUrl("application/pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_born_digital.pdf")));

        JsonElement response = await OcrAsync(new { model = "m", document = new { document_url = data }, pages = "1", confidence_scores_granularity = "page" });

        JsonElement page = Assert.Single(response.GetProperty("pages").EnumerateArray());
        Assert.Equal(1, page.GetProperty("index").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("confidence_scores").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(page.GetProperty("markdown").GetString()));

        (HttpStatusCode status, JsonElement error) = await OcrErrorAsync(new { model = "m", document = new { document_url = data }, pages = new[] { 0, 9 } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("pages", error.GetProperty("param").GetString());
        Assert.Contains("page 9", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadFlow_FileIdAndSignedUrl_ThenDelete()
    {
        byte[] pdf = File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf"));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "letter.pdf" }, { new StringContent("ocr"), "purpose" } };
        using HttpResponseMessage uploaded = await _ocr.Http.PostAsync("v1/files", form);
        JsonElement file = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        string id = file.GetProperty("id").GetString()!;
        Assert.Equal(pdf.Length, file.GetProperty("bytes").GetInt64());
        Assert.Equal("letter.pdf", file.GetProperty("filename").GetString());
        Assert.False(JsonDocument.Parse(await _ocr.Http.GetStringAsync($"v1/files/{id}")).RootElement.GetProperty("deleted").GetBoolean());

        string url = JsonDocument.Parse(await _ocr.Http.GetStringAsync($"v1/files/{id}/url?expiry=1")).RootElement.GetProperty("url").GetString()!;
        using var anonymous = new HttpClient();
        Assert.Equal(pdf, await anonymous.GetByteArrayAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url.Replace("signature=", "signature=0", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(_ocr.Server.Url, $"v1/files/{id}/content"))).StatusCode);

        JsonElement bySigned = await OcrAsync(new { model = "m", document = new { type = "document_url", document_url = url }, pages = new[] { 0 } });
        JsonElement byId = await OcrAsync(new { model = "m", document = new { type = "file", file_id = id }, pages = new[] { 0 } });
        Assert.Equal(bySigned.GetProperty("pages")[0].GetProperty("markdown").GetString(), byId.GetProperty("pages")[0].GetProperty("markdown").GetString());
        Assert.Contains("Woburn House", byId.GetProperty("pages")[0].GetProperty("markdown").GetString(), StringComparison.Ordinal);

        using HttpResponseMessage deleted = await _ocr.Http.DeleteAsync($"v1/files/{id}");
        Assert.True(JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement.GetProperty("deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await _ocr.Http.GetAsync($"v1/files/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_ocr.Data, "originals")));
    }

    [Fact]
    public async Task ForeignDocumentUrl_IsRefusedByThePolicy_WithNoConnectionAttempted()
    {
        (HttpStatusCode status, JsonElement error) = await OcrErrorAsync(new { model = "m", document = new { type = "document_url", document_url = "https://documents.example.com/contract.pdf" } });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains("documents.example.com", message, StringComparison.Ordinal);
        Assert.Contains("'local'", message, StringComparison.Ordinal);
        Assert.Equal(0, _ocr.Network.Sends);
        string ledger = await _ocr.Http.GetStringAsync("api/ledger");
        Assert.Contains("documents.example.com", ledger, StringComparison.Ordinal);
        Assert.Contains("refused", ledger, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"model": "m", "document": """, HttpStatusCode.BadRequest, null)]
    [InlineData("""{"model": "m", "document": {"type": "audio_url", "audio_url": "x"}}""", HttpStatusCode.BadRequest, "document.type")]
    [InlineData("""{"model": "m", "document": {"document_url": "ftp://host/a.pdf"}}""", HttpStatusCode.BadRequest, "document.document_url")]
    [InlineData("""{"model": "m", "document": {"document_url": "data:application/pdf;base64,JVBERi0xLjcKAAAAAAAA"}}""", HttpStatusCode.UnprocessableEntity, "document")]
    [InlineData("""{"model": "m", "document": {"document_url": "data:text/plain;base64,AAAA"}, "bbox_annotation_format": {"type": "json_schema"}}""", HttpStatusCode.BadRequest, "bbox_annotation_format")]
    [InlineData("""{"model": "m", "document": {"document_url": "data:text/plain;base64,AAAA"}, "confidence_scores_granularity": "token"}""", HttpStatusCode.BadRequest, "confidence_scores_granularity")]
    [InlineData("""{"model": "m", "document": {"type": "file", "file_id": "no-such-file"}}""", HttpStatusCode.NotFound, "document.file_id")]
    public async Task BadRequests_GetTheProvidersErrorShape_AndTheServerKeepsServing(string body, HttpStatusCode expected, string? param)
    {
        using HttpResponseMessage response = await _ocr.Http.PostAsync("v1/ocr", new StringContent(body, Encoding.UTF8, "application/json"));

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        JsonElement error = JsonDocument.Parse(text).RootElement;
        Assert.Equal("error", error.GetProperty("object").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(param, error.TryGetProperty("param", out JsonElement p) ? p.GetString() : null);
        JsonElement still = await OcrAsync(new { model = "m", document = new { document_url = OcrApiServer.DataUrl("text/plain", "Still serving."u8.ToArray()) } });
        Assert.Equal("Still serving.", still.GetProperty("pages")[0].GetProperty("markdown").GetString()!.Trim());
    }

    [Fact]
    public async Task WithoutTheToken_TheOcrApiIsRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = _ocr.Server.Url };
        using HttpResponseMessage response = await anonymous.PostAsync("v1/ocr", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<JsonElement> OcrAsync(object request) => _ocr.OcrAsync(request);

    private Task<(HttpStatusCode Status, JsonElement Error)> OcrErrorAsync(object request) => _ocr.OcrErrorAsync(request);
}
