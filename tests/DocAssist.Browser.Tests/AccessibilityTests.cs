using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DocAssist.Testing;
using Microsoft.Playwright;

namespace DocAssist.Browser.Tests;

/// <summary>The workspace page without a mouse, and checked by axe-core (WCAG 2.1 A and AA rules) in its main states.</summary>
[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task KeyboardOnly_PickAFile_OpenIt_TurnThePage_Ask_OpenTheCitation()
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        await using IBrowserContext context = await browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        // Listening before the page loads: Playwright turns on file-chooser interception when a listener is added, without waiting for the
        // browser to confirm; added just before the key press, the chooser could open before interception was on (seen: 1 run in 4).
        var chosen = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.FileChooser += (_, chooser) => chosen.TrySetResult(chooser);
        await page.GotoAsync(workspace.PageUrl.ToString());

        // Tab from the top reaches the file picker; Space opens the system's file chooser.
        await TabToAsync(page, "#pick");
        await page.Keyboard.PressAsync("Space");
        IFileChooser fileChooser = await chosen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await fileChooser.SetFilesAsync(TestData.Path("pdfs/gen_scanned.pdf"));
        await page.Locator("#docs li.status-done").WaitForAsync(new() { Timeout = 180_000 });

        await TabToAsync(page, "#docs .doc-open");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("Page 1 of 2");
        await TabToAsync(page, "#next");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("Page 2 of 2");

        await TabToAsync(page, "#question");
        await page.Keyboard.TypeAsync("Council for German Jewry Woburn House");
        await page.Keyboard.PressAsync("Control+Enter");
        await page.Locator("#citations .cite").First.WaitForAsync(new() { Timeout = 180_000 });
        await TabToAsync(page, "#citations .cite");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#marks .mark-cite").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("Page 1 of 2");
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("fr-FR")]
    public async Task Axe_FindsNoViolations_EmptyLibrary_DocumentOpen_AndAnswered(string locale)
    {
        await using BrowserWorkspace workspace = await BrowserWorkspace.StartAsync();
        await using IBrowserContext context = await browser.NewContextAsync(locale);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(workspace.PageUrl.ToString());
        await Assertions.Expect(page.Locator("#empty-library")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "empty library");

        await page.Locator("#pick").SetInputFilesAsync(TestData.Path("pdfs/gen_scanned.pdf"));
        await page.Locator("#docs li.status-done .doc-open").ClickAsync(new() { Timeout = 180_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('page-image').complete && document.getElementById('page-image').naturalWidth > 0");
        await page.Locator("#summarize").ClickAsync();
        await page.Locator("#question").FillAsync("Council for German Jewry");
        await page.Locator("#ask-button").ClickAsync();
        await page.Locator("#citations .cite").First.ClickAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("#marks .mark-cite").First).ToBeVisibleAsync();
        await page.Locator("#find").FillAsync("Vienna");
        await Assertions.Expect(page.Locator("#find-results li").First).ToBeVisibleAsync();

        await AssertNoViolationsAsync(page, "document open, summarized, answered, searched");
    }

    private static async Task AssertNoViolationsAsync(IPage page, string state)
    {
        AxeResult result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        string found = string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}"));
        Assert.True(result.Violations.Length == 0, $"{state}:\n{found}");
    }

    // Presses Tab until the element matching the selector (its first match) has the focus; fails after 60 presses.
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (int i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {selector}; the focus is on {await page.EvaluateAsync<string>("document.activeElement?.outerHTML.slice(0, 120)")}");
    }
}
