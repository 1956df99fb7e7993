package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.Porter;

/**
 * The Acceptance suites view on a fresh install: the shipped suite, copied into the data folder on first start, is
 * listed; "Run" rehearses it and the table shows every scenario passed, each on its first run; the past runs list
 * it with its pass rate. The screenshot is left at {@code admin-ui/target/suites-view.png}.
 */
class SuitesBrowserTest {

    private static final String TOKEN = "suites-console-admin-token-0123456789";
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @TempDir
    static Path dataDir;
    static Porter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = ConsoleAppliance.start(dataDir, TOKEN);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void theShippedSuiteRunsFromTheConsoleAndEveryScenarioPasses() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.EXECUTABLE), "no chromium at " + Chromium.EXECUTABLE);
        long scenarios = Files.readAllLines(dataDir.resolve("suites/maple-court.yaml")).stream()
                .filter(l -> l.startsWith("  - name:")).count();
        try (Chromium chromium = Chromium.launch()) {
            Page page = chromium.browser().newPage(new com.microsoft.playwright.Browser.NewPageOptions()
                    .setViewportSize(1400, 2400));
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);
            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/suites");
            assertThat(page.locator("#suites")).containsText("maple-court.yaml", SLOW);
            assertThat(page.locator("#suites")).containsText("never");
            page.locator("#run-maple-court").click();
            assertThat(page.locator("#suite-status")).containsText(
                    "maple-court: " + scenarios + " of " + scenarios + " scenarios passed", SLOW);
            assertEquals(scenarios, page.locator("#suite-results vaadin-grid-cell-content")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("PASS")).count());
            assertThat(page.locator("#suite-results")).not().containsText("FAIL");
            assertThat(page.locator("#suite-results")).containsText("first run");
            assertThat(page.locator("#suites")).containsText(scenarios + " of " + scenarios + " (100%)");
            assertThat(page.locator("#suite-history")).containsText("maple-court");
            assertThat(page.locator("#suite-chart svg")).containsText("maple-court");
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "suites-view.png"))
                    .setFullPage(true));
        }
    }
}
