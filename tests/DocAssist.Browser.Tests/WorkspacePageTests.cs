using System.Text.Json;
using System.Text.RegularExpressions;
using DocAssist.App.Extraction;
using DocAssist.Testing;
using ImageMagick;
using Microsoft.Playwright;

namespace DocAssist.Browser.Tests;

/// <summary>The workspace page in Chromium, the way a user works it: drop a scanned PDF, watch it being read, read its pages, search, summarize,
/// ask, and click a citation; the highlight drawn on the page image must cover the cited words (checked by geometry and by reading the highlighted
/// part of the screen back with Tesseract).</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class WorkspacePageTests(BrowserFixture browser)
{
    private const string ScanName = "letter to the council.pdf";
    private static readonly float Timeout = 180_000;

    [Fact]
    public async Task DropScannedPdf_ReadPages_AskTheModel_CitationHighlightsTheCitedWords()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync(WorkspaceModel.Loopback);
        // The stand-in model cites the passage that names Woburn House, by the number the prompt gave it.
        workspace.Model!.Responder = r => PassageLabel().Match(r.AllText) is { Success: true } m
            ? $"The letter went to the Council for German Jewry at Woburn House [{m.Groups[1].Value}]."
            : "A letter asking for urgent help for the Jews of Burgenland.";
        await using IBrowserContext context = await browser.NewContextAsync("en-US", scale: 2);
        (IPage page, List<string> problems) = await OpenAsync(context, workspace);

        await DropAsync(page, ScanName, File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf")));

        ILocator item = page.Locator("#docs li.status-done", new() { HasText = ScanName });
        await item.WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains("2 page(s)", await item.Locator(".doc-status").TextContentAsync());
        // Each page says where its text came from, with the OCR's confidence.
        await Assertions.Expect(item.Locator(".chip")).ToHaveCountAsync(2);
        Assert.Matches(@"p\. 1: OCR \d+ %", await item.Locator(".chip").First.TextContentAsync());
        Assert.Contains(await page.EvaluateAsync<string[]>("window.seenStatuses"), s => s is "status-queued" or "status-processing");

        await item.Locator(".doc-open").ClickAsync();
        await WaitForImageAsync(page);
        Assert.Equal("Page 1 of 2", await page.Locator("#page-label").TextContentAsync());
        Assert.Matches(@"^OCR, confidence \d+ %", await page.Locator("#page-source").TextContentAsync());
        Assert.Contains("Woburn House", await page.Locator("#page-text").TextContentAsync());

        // The keyboard turns pages.
        await page.Locator("#page-text").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("Page 2 of 2");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("Page 1 of 2");

        // A summary streamed from the model, and what it sent where.
        await page.Locator("#summarize").ClickAsync();
        await Assertions.Expect(page.Locator("#summary-mode")).ToContainTextAsync("Written by ollama model 'llama3.2:latest'", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#summary-text")).ToContainTextAsync("Burgenland");
        string? egress = await page.Locator("#summary-egress").TextContentAsync();
        Assert.True(EgressToLoopback().IsMatch(egress!), egress);

        JsonElement answer = await AskAsync(page, workspace, "To whom was the letter about the Council for German Jewry at Woburn House written?");

        Assert.Equal("model", answer.GetProperty("mode").GetString());
        Assert.Equal("Answered by the model from the passages below.", await page.Locator("#answer-mode").TextContentAsync());
        Assert.Contains("Woburn House", await page.Locator("#answer-text").TextContentAsync());
        Assert.Matches(@"^Nothing left this machine", await page.Locator("#answer-egress").TextContentAsync());
        JsonElement cited = answer.GetProperty("citations").EnumerateArray().Single();
        Assert.Equal(1, await page.Locator("#answer-text .cite").CountAsync());

        // The [n] in the answer's text opens the cited page with the passage's lines highlighted.
        await page.Locator("#answer-text .cite").ClickAsync();
        await AssertHighlightCoversAsync(page, workspace, cited);
        await ScreenshotForDocsAsync(page, "workspace-answer");
        Assert.Contains("0 bytes left this machine", await page.Locator("#privacy").TextContentAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task DropLongScan_WhileItIsRead_EachFinishedPageShowsItsChip()
    {
        const int Pages = 4;
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        await using IBrowserContext context = await browser.NewContextAsync();
        (IPage page, List<string> problems) = await OpenAsync(context, workspace);

        await DropAsync(page, "scans.pdf", TestPdfs.ScannedLetter(Pages));

        ILocator item = page.Locator("#docs li.status-done", new() { HasText = "scans.pdf" });
        await item.WaitForAsync(new() { Timeout = Timeout });
        await Assertions.Expect(item.Locator(".chip.source-ocr")).ToHaveCountAsync(Pages);
        string[] seen = await page.EvaluateAsync<string[]>("window.seenProcessingChips");
        Assert.Contains(seen, s => LiveOcrChip().IsMatch(s));
        Assert.All(seen, s => Assert.Matches(LiveOcrChip(), s));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task NoModel_FrenchBrowser_ExtractiveSummaryAndAnswer_AreLabelled_AndTheCitationIsHighlighted()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync(WorkspaceModel.None);
        await using IBrowserContext context = await browser.NewContextAsync("fr-FR", scale: 2);
        (IPage page, List<string> problems) = await OpenAsync(context, workspace);
        Assert.Equal("fr", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("aucun modèle joignable", new() { Timeout = Timeout });

        await page.Locator("#pick").SetInputFilesAsync(TestData.Path("pdfs/gen_scanned.pdf"));
        ILocator item = page.Locator("#docs li.status-done", new() { HasText = "gen_scanned.pdf" });
        await item.WaitForAsync(new() { Timeout = Timeout });
        await item.Locator(".doc-open").ClickAsync();
        await WaitForImageAsync(page);
        Assert.Equal("Page 1 sur 2", await page.Locator("#page-label").TextContentAsync());

        await page.Locator("#summarize").ClickAsync();
        await Assertions.Expect(page.Locator("#summary-mode")).ToHaveTextAsync(
            "Résumé extractif : aucun modèle n’est joignable, ce sont donc des phrases tirées du document.", new() { Timeout = Timeout });
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#summary-text").TextContentAsync()));
        Assert.Equal("Rien n’est sorti de cette machine pour ceci.", await page.Locator("#summary-egress").TextContentAsync());

        JsonElement answer = await AskAsync(page, workspace, "Council for German Jewry Woburn House");

        Assert.Equal("extractive", answer.GetProperty("mode").GetString());
        Assert.StartsWith("Aucun modèle n’est joignable", await page.Locator("#answer-mode").TextContentAsync());
        JsonElement first = answer.GetProperty("citations")[0];
        await page.Locator("#citations li .cite").First.ClickAsync();
        await AssertHighlightCoversAsync(page, workspace, first);
        await ScreenshotForDocsAsync(page, "workspace-extractive-fr");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task SearchInTheDocument_HighlightsEachMatchOnThePageImage()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        JsonElement added = await workspace.AddDocumentAsync("letter.pdf", File.ReadAllBytes(TestData.Path("pdfs/gen_scanned.pdf")));
        await using IBrowserContext context = await browser.NewContextAsync();
        (IPage page, List<string> problems) = await OpenAsync(context, workspace);
        await page.Locator("#docs .doc-open", new() { HasText = "letter.pdf" }).ClickAsync();
        await WaitForImageAsync(page);

        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("burgenland");

        await Assertions.Expect(page.Locator("#find-results li")).Not.ToHaveCountAsync(0);
        JsonElement pageJson = await PageJsonAsync(workspace, added.GetProperty("id").GetString()!, 1);
        Rect image = await BoxAsync(page.Locator("#page-image"));
        Rect[] expected = [.. pageJson.GetProperty("words").EnumerateArray()
            .Where(w => w.GetProperty("text").GetString()!.Contains("Burgenland", StringComparison.Ordinal))
            .Select(w => OnScreen(w.GetProperty("box"), pageJson, image))];
        Assert.NotEmpty(expected);
        await Assertions.Expect(page.Locator("#marks .mark-find")).ToHaveCountAsync(expected.Length);
        Rect[] marks = await BoxesAsync(page.Locator("#marks .mark-find"));
        foreach (Rect word in expected)
        {
            Assert.Contains(marks, m => Covers(m, word));
        }

        await ScreenshotForDocsAsync(page, "workspace-search");

        Assert.Empty(problems);
    }

    [Fact]
    public async Task DocumentText_IsShownAsText_NeverRunAsHtml()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        const string Hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> <b>bold</b>";
        await using IBrowserContext context = await browser.NewContextAsync();
        (IPage page, List<string> problems) = await OpenAsync(context, workspace);
        page.Dialog += (_, dialog) => problems.Add($"dialog: {dialog.Message}");
        await page.Locator("#pick").SetInputFilesAsync(new FilePayload
        {
            Name = "<img src=y onerror=\"window.pwned=3\">.txt",
            MimeType = "text/plain",
            Buffer = System.Text.Encoding.UTF8.GetBytes(Hostile),
        });
        await page.Locator("#docs li.status-done").WaitForAsync(new() { Timeout = Timeout });

        await page.Locator("#docs .doc-open").ClickAsync();
        await Assertions.Expect(page.Locator("#page-text")).ToContainTextAsync("<script>window.pwned = 1</script>");

        Assert.Equal("<img src=y onerror=\"window.pwned=3\">.txt", await page.Locator("#doc-title").TextContentAsync());
        Assert.Equal(0, await page.Locator("#page-text b, #page-text script, #page-text img, #docs img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("window.pwned === undefined"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task WithoutTheLaunchToken_ThePageSaysToOpenThePrintedLink()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        await using IBrowserContext context = await browser.NewContextAsync();
        IPage page = await context.NewPageAsync();

        await page.GotoAsync($"{workspace.Url}?token=not-this-launch");

        Assert.Equal(workspace.Url.ToString(), page.Url);
        await Assertions.Expect(page.Locator("#alert")).ToContainTextAsync("needs the link printed by “docassist serve”");
    }

    [GeneratedRegex(@"^Nothing left this machine: [\d,.]+ (bytes|KB) went to the model on this machine \(http://127\.0\.0\.1:\d+\)\.$")]
    private static partial Regex EgressToLoopback();

    [GeneratedRegex(@"^chip source-ocr\|p\. [1-4]: OCR \d+ %$")]
    private static partial Regex LiveOcrChip();

    [GeneratedRegex(@"\[(\d+)\] \([^)]*\)[^\[]*Woburn")]
    private static partial Regex PassageLabel();

    // Opens the printed URL; the page must then have dropped the token from its address. Console errors (a blocked script or style is one) and
    // page errors are collected for the test to assert none.
    private static async Task<(IPage Page, List<string> Problems)> OpenAsync(IBrowserContext context, BrowserWorkspace workspace)
    {
        IPage page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        // Every status a document's entry shows, and every page chip shown while it is read ("CLASSES|TEXT"), as they change: the tests assert
        // progress was shown, not just the end.
        await page.AddInitScriptAsync("""
            window.seenStatuses = [];
            window.seenProcessingChips = [];
            new MutationObserver(() => {
              for (const li of document.querySelectorAll('#docs li')) for (const c of li.classList) if (c.startsWith('status-') && !window.seenStatuses.includes(c)) window.seenStatuses.push(c);
              for (const chip of document.querySelectorAll('#docs li.status-processing .chip')) {
                const seen = `${chip.className}|${chip.textContent}`;
                if (!window.seenProcessingChips.includes(seen)) window.seenProcessingChips.push(seen);
              }
            }).observe(document, { subtree: true, childList: true, attributes: true });
            """);
        await page.GotoAsync(workspace.PageUrl.ToString());
        Assert.Equal(workspace.Url.ToString(), page.Url);
        await Assertions.Expect(page.Locator("#empty-library, #docs li").First).ToBeVisibleAsync();
        return (page, problems);
    }

    // With DOCASSIST_UPDATE_DOCS=1, the view is saved as docs/images/NAME.png (at 1 device pixel per CSS pixel) for the README and docs.
    private static async Task ScreenshotForDocsAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DOCASSIST_UPDATE_DOCS") != "1")
        {
            return;
        }

        await page.EvaluateAsync("window.scrollTo(0, 0)");
        string folder = Path.Combine(TestData.RepoRoot, "docs", "images");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), Scale = ScreenshotScale.Css });
    }

    // Drops a file on the page the way a file manager does: dragenter, dragover and drop carrying it.
    private static async Task DropAsync(IPage page, string name, byte[] content) => await page.EvaluateAsync(
        """
        ([name, base64]) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], name, { type: 'application/pdf' }));
          const target = document.getElementById('drop');
          for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
        }
        """,
        new object[] { name, Convert.ToBase64String(content) });

    private static async Task WaitForImageAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => { const i = document.getElementById('page-image'); return i.complete && i.naturalWidth > 0; }", null, new() { Timeout = Timeout });

    // Asks through the form, waits for the answer's citations, and returns the same question's answer from the API (the stand-in model and
    // the index answer alike each time); the page must list the same citations.
    private static async Task<JsonElement> AskAsync(IPage page, BrowserWorkspace workspace, string question, IReadOnlyList<string>? documents = null)
    {
        await page.Locator("#question").FillAsync(question);
        await page.Locator("#ask-button").ClickAsync();
        await Assertions.Expect(page.Locator("#ask-button")).ToBeEnabledAsync(new() { Timeout = Timeout });
        using HttpClient http = workspace.CreateApiClient();
        using var body = new StringContent(JsonSerializer.Serialize(new { question, documents }), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync(new Uri("api/ask", UriKind.Relative), body);
        JsonElement answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        string[] listed = [.. (await page.Locator("#citations li .cite").AllTextContentsAsync())];
        Assert.Equal(
            [.. answer.GetProperty("citations").EnumerateArray().Select(c => $"[{c.GetProperty("n").GetInt32()}] {c.GetProperty("name").GetString()}, page {c.GetProperty("page").GetInt32()}")],
            listed);
        return answer;
    }

    private static async Task<JsonElement> PageJsonAsync(BrowserWorkspace workspace, string id, int number)
    {
        using HttpClient http = workspace.CreateApiClient();
        return JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/documents/{id}/pages/{number}", UriKind.Relative))).RootElement.Clone();
    }

    // The highlight must be on the cited page, lie over the passage's lines as the page JSON places them, and, read back from the screen by
    // Tesseract with the highlight hidden, show the passage's words.
    private static async Task AssertHighlightCoversAsync(IPage page, BrowserWorkspace workspace, JsonElement citation)
    {
        int cited = citation.GetProperty("page").GetInt32();
        await Assertions.Expect(page.Locator("#page-label")).ToContainTextAsync($"{cited} ");
        await WaitForImageAsync(page);
        ILocator marks = page.Locator("#marks .mark-cite");
        int lines = citation.GetProperty("boxes").GetArrayLength();
        await Assertions.Expect(marks).ToHaveCountAsync(lines);

        JsonElement pageJson = await PageJsonAsync(workspace, citation.GetProperty("document").GetString()!, cited);
        Rect image = await BoxAsync(page.Locator("#page-image"));
        Rect[] drawn = await BoxesAsync(marks);
        Rect[] expected = [.. citation.GetProperty("boxes").EnumerateArray().Select(b => OnScreen(b, pageJson, image))];
        foreach (Rect line in expected)
        {
            Assert.Contains(drawn, m => Covers(m, line));
        }

        // Each passage word's box on the page (from the page JSON) lies inside some highlight.
        string[] passageWords = Words(citation.GetProperty("text").GetString()!);
        Rect[] inPassage = [.. pageJson.GetProperty("words").EnumerateArray()
            .Select(w => (Text: w.GetProperty("text").GetString()!, Box: OnScreen(w.GetProperty("box"), pageJson, image)))
            .Where(w => drawn.Any(m => Overlaps(m, w.Box)))
            .Select(w => w.Box)];
        Assert.True(inPassage.Length >= passageWords.Length * 0.8, $"{inPassage.Length} words under the highlight for a passage of {passageWords.Length}");

        // Read the highlighted part of the screen back, highlight hidden.
        ILocator frame = page.Locator("#frame");
        Rect frameBox = await BoxAsync(frame);
        await page.EvaluateAsync("document.getElementById('marks').hidden = true");
        byte[] shot = await frame.ScreenshotAsync();
        await page.EvaluateAsync("document.getElementById('marks').hidden = false");
        string read = await ReadAsync(shot, frameBox, drawn);
        string[] readWords = Words(read);
        double found = passageWords.Count(w => readWords.Contains(w)) / (double)passageWords.Length;
        Assert.True(found >= 0.7, $"{found:P0} of the passage's words were read under the highlight.\npassage: {citation.GetProperty("text").GetString()}\nread: {read}");
    }

    // Crops each highlight out of a screenshot of the frame, stacks the crops, and OCRs them with DocAssist's own pipeline (in this process).
    private static async Task<string> ReadAsync(byte[] shot, Rect frame, Rect[] marks)
    {
        using var screen = new MagickImage(shot);
        double scale = screen.Width / frame.Width;
        using var crops = new MagickImageCollection();
        foreach (Rect m in marks.OrderBy(m => m.Y))
        {
            var crop = (MagickImage)screen.Clone();
            int pad = (int)(3 * scale);
            crop.Crop(new MagickGeometry(
                (int)((m.X - frame.X) * scale) - pad, (int)((m.Y - frame.Y) * scale) - pad, (uint)(m.Width * scale) + (2u * (uint)pad), (uint)(m.Height * scale) + (2u * (uint)pad)));
            crop.ResetPage();
            crop.BorderColor = MagickColors.White;
            crop.Border((uint)(8 * scale));
            crops.Add(crop);
        }

        using IMagickImage<byte> stacked = crops.AppendVertically();
        string file = Path.Combine(Path.GetTempPath(), $"docassist-highlight-{Guid.NewGuid():N}.png");
        try
        {
            await stacked.WriteAsync(file, MagickFormat.Png);
            using DocumentPipeline pipeline = new DocumentPipelineBuilder().UseThisProcess().Build();
            ExtractionOutcome outcome = await pipeline.ExtractAsync(file);
            return outcome.Document?.Text ?? throw new InvalidOperationException(outcome.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string[] Words(string text) =>
        [.. Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(w => w.Length >= 4).Distinct()];

    private static async Task<Rect> BoxAsync(ILocator locator) => Rect.Of(await locator.BoundingBoxAsync());

    private static async Task<Rect[]> BoxesAsync(ILocator locator) => [.. (await Task.WhenAll((await locator.AllAsync()).Select(m => m.BoundingBoxAsync()))).Select(Rect.Of)];

    // A [left, top, right, bottom] box in the page's unit, where the page image shows it on the screen.
    private static Rect OnScreen(JsonElement box, JsonElement pageJson, Rect image)
    {
        double sx = image.Width / pageJson.GetProperty("width").GetDouble(), sy = image.Height / pageJson.GetProperty("height").GetDouble();
        float l = box[0].GetInt32(), t = box[1].GetInt32(), r = box[2].GetInt32(), b = box[3].GetInt32();
        return new Rect((float)(image.X + (l * sx)), (float)(image.Y + (t * sy)), (float)((r - l) * sx), (float)((b - t) * sy));
    }

    private static bool Covers(Rect outer, Rect inner, float slack = 1.5f) =>
        outer.X <= inner.X + slack && outer.Y <= inner.Y + slack
        && outer.X + outer.Width >= inner.X + inner.Width - slack && outer.Y + outer.Height >= inner.Y + inner.Height - slack;

    private static bool Overlaps(Rect a, Rect b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    /// <summary>A rectangle on the screen, in CSS pixels.</summary>
    private sealed record Rect(float X, float Y, float Width, float Height)
    {
        public static Rect Of(LocatorBoundingBoxResult? box) =>
            box is null ? throw new InvalidOperationException("The element is not visible.") : new Rect(box.X, box.Y, box.Width, box.Height);
    }
}
