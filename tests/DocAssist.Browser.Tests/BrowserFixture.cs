using Microsoft.Playwright;

namespace DocAssist.Browser.Tests;

/// <summary>One headless Chromium for a test collection (launching it takes seconds), driven by Playwright; each test gets its own
/// <see cref="IBrowserContext"/> (cookies, storage, locale and headers of its own) from <see cref="NewContextAsync"/>.</summary>
/// <remarks>
/// No browser is downloaded: this is Debian's <c>chromium</c> package, which <c>./run-tests</c> installs (<see cref="ChromiumVariable"/> names
/// another). Playwright's driver finds no browser of its own without <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The environment variable naming the Chromium executable to drive instead of Debian's.</summary>
    public const string ChromiumVariable = "DOCASSIST_CHROMIUM";

    /// <summary>The viewport of every page: a common laptop screen.</summary>
    public static readonly ViewportSize Viewport = new() { Width = 1366, Height = 900 };

    // Debian's /usr/bin/chromium is a shell wrapper that sources /etc/chromium.d/* and then execs /usr/lib/chromium/chromium.
    // Playwright works through it (the exec keeps the pipe descriptors 3 and 4 it talks over), but the wrapper adds flags of
    // its own (--enable-gpu-rasterization, --enable-remote-extensions, --load-extension=...) and, where findmnt lists two
    // mounts on /dev/shm, writes "[: ...: unexpected operator" on every start. Playwright passes every flag a test needs,
    // so the binary itself is driven; the wrapper is the fallback.
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Gets the running browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Gets the Chromium executable driven.</summary>
    public string ExecutablePath { get; private set; } = string.Empty;

    /// <summary>Finds Chromium: <see cref="ChromiumVariable"/> when set, else Debian's package.</summary>
    /// <returns>The executable's path.</returns>
    public static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : throw new FileNotFoundException($"{ChromiumVariable} names {given}, which does not exist.", given);
        }

        return Candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No Chromium found (looked for {string.Join(", ", Candidates)}). Install Debian's package (./run-tests does: apt-get install chromium) or set {ChromiumVariable}.");
    }

    public async Task InitializeAsync()
    {
        ExecutablePath = FindChromium();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // False makes Playwright pass --no-sandbox (false is its default; said here so a change of default cannot break the
            // run). Tests run as root in a container, and Chromium as root with its sandbox on exits at once: "Running as root
            // without --no-sandbox is not supported". The browser only ever loads the test's own loopback server. Playwright
            // also passes --headless and --disable-dev-shm-usage (a container's /dev/shm is often 64 MB): no Args are needed.
            ChromiumSandbox = false,
            // Launching has taken 4–8 s on a busy two-core machine (half a second on an idle one): 60 s instead of the default 30 s.
            Timeout = 60_000,
        });
    }

    /// <summary>Opens a fresh context: no cookies or storage from other tests, the common viewport, and the given locale.</summary>
    /// <param name="locale">The browser's language and formats (<c>navigator.language</c>, <c>Accept-Language</c>, <c>Intl</c>): "en-US" or "fr-FR".</param>
    /// <param name="headers">Headers sent with every request of the context (e.g. <c>Authorization</c> for API calls), or <see langword="null"/>.</param>
    /// <param name="scale">Device pixels per CSS pixel (screenshots that are read back by OCR need more than 1).</param>
    /// <returns>The context; dispose it (<c>await using</c>) at the end of the test.</returns>
    public Task<IBrowserContext> NewContextAsync(string locale = "en-US", IEnumerable<KeyValuePair<string, string>>? headers = null, float scale = 1) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = Viewport,
            Locale = locale,
            // Times on the page do not depend on the machine's zone.
            TimezoneId = "UTC",
            ExtraHTTPHeaders = headers,
            DeviceScaleFactor = scale,
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The browser tests: they share one <see cref="BrowserFixture"/> and run one after another (two cores are enough for one
/// Chromium and one server with its workers, not for several).</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name, for <c>[Collection(SharedBrowser.Name)]</c>.</summary>
    public const string Name = "Browser";
}
