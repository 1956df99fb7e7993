package app.porter.console.vaadin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * Debian's chromium driven by Playwright, started the one way every console browser test needs: headless, no
 * sandbox (CI runs as root), and no background networking (its connections are refused here, and nothing may leave
 * the machine). A test is skipped, not failed, where chromium is not installed; CI installs it.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        return launch(new BrowserType.LaunchOptions());
    }

    /** @param options anything a test needs besides the usual (e.g. a downloads folder) */
    static Chromium launch(BrowserType.LaunchOptions options) {
        Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE),
                "no chromium at " + EXECUTABLE + " (apt-get install chromium)");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        return new Chromium(playwright, playwright.chromium().launch(options
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run"))));
    }

    Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
