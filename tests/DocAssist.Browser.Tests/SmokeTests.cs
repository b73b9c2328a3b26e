using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace DocAssist.Browser.Tests;

/// <summary>The browser-test pieces end to end: Debian's Chromium driven by Playwright against a running <c>docassist serve</c>.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SmokeTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("fr-FR")]
    public async Task ApiPage_WithTheTokenHeader_IsAJsonArray_InTheContextsLocale(string locale)
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        JsonElement added = await workspace.AddDocumentAsync("note.txt", Encoding.UTF8.GetBytes("The boat registry is kept in the harbour office."));
        await using IBrowserContext context = await browser.NewContextAsync(locale, workspace.AuthorizationHeaders);
        IPage page = await context.NewPageAsync();

        IResponse? response = await page.GotoAsync($"{workspace.Url}api/documents");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        using JsonDocument body = JsonDocument.Parse(await response.TextAsync());
        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        // Read in a worker process (the launch this project builds), listed to the browser.
        JsonElement listed = Assert.Single(body.RootElement.EnumerateArray());
        Assert.Equal("done", added.GetProperty("status").GetString());
        Assert.Equal(added.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        Assert.Equal(locale, await page.EvaluateAsync<string>("navigator.language"));
        Assert.Equal(locale, await page.EvaluateAsync<string>("Intl.DateTimeFormat().resolvedOptions().locale"));
    }

    [Fact]
    public async Task ApiPage_WithoutTheToken_IsRefused()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        await using IBrowserContext context = await browser.NewContextAsync();
        IPage page = await context.NewPageAsync();

        IResponse? response = await page.GotoAsync($"{workspace.Url}api/documents");

        Assert.Equal(401, response?.Status);
    }

    [Fact]
    public async Task Screenshot_IsAPngOfTheViewport()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync(WorkspaceModel.Loopback);
        await using IBrowserContext context = await browser.NewContextAsync("fr-FR", workspace.AuthorizationHeaders);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync($"{workspace.Url}api/documents");

        byte[] png = await page.ScreenshotAsync();

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        // IHDR, the first chunk: width and height, big-endian, at bytes 16 and 20.
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(BrowserFixture.Viewport.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(BrowserFixture.Viewport.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
