package app.porter.tickets;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.TestPorter;

/**
 * The widget of a tenant who opened a ticket shows its status changes live, one line, without the staff note, and
 * asks for a satisfaction score once the repair is completed.
 */
class TicketStatusWidgetBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static void say(Page page, String text) {
        Locator replies = page.locator("[data-testid=porter-assistant-message][data-mode]");
        int before = replies.count();
        page.locator("[data-testid=porter-input]").fill(text);
        page.locator("[data-testid=porter-send]").click();
        assertThat(replies).hasCount(before + 1, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
    }

    @Test
    void theTenantSeesTheNewStatusButNeverTheNote() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM);
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(CHROMIUM).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")))) {
            Page page = browser.newContext(new Browser.NewContextOptions().setLocale("en-US")).newPage();
            page.navigate(porter.tenant("/").toString());
            page.locator("[data-testid=porter-bubble]").click();
            page.locator("[data-testid=porter-consent]").click();
            for (String answer : List.of("I want to report a maintenance problem", "plumbing", "C-204", "kitchen",
                    "The tap under the sink drips all night long", "routine", "yes", "no", "weekday-mornings",
                    "chat", "submit")) {
                say(page, answer);
            }
            Locator last = page.locator("[data-testid=porter-assistant-message]").last();
            assertThat(last).containsText(Pattern.compile("MC-\\d{4}"));
            String reference = Pattern.compile("MC-\\d{4}").matcher(last.textContent()).results().findFirst()
                    .orElseThrow().group();

            // The widget opens the event stream once it has a ticket; give it a moment to subscribe.
            long end = System.currentTimeMillis() + 10_000;
            while (porter.porter.inbox().liveStreams() == 0 && System.currentTimeMillis() < end) {
                page.waitForTimeout(100);
            }
            var moved = porter.adminPost("/api/admin/v1/tickets/" + reference + "/status",
                    "{\"status\":\"scheduled\",\"note\":\"PANGOLIN-NOTE-5 spare key under the mat\"}");
            assertEquals(200, moved.statusCode(), moved.body());
            assertThat(page.locator("[data-testid=porter-note]").last())
                    .hasText("Update on your repair request " + reference + ": scheduled.");
            assertThat(page.getByText(Pattern.compile("PANGOLIN"))).hasCount(0); // pierces the shadow root

            // Completed: the widget asks how satisfied the tenant is with how the repair was handled.
            assertEquals(200, porter.adminPost("/api/admin/v1/tickets/" + reference + "/status",
                    "{\"status\":\"completed\"}").statusCode());
            Locator csat = page.locator("[data-testid=porter-csat][data-ticket=" + reference + "]");
            assertThat(csat).containsText("repair request " + reference);
            csat.locator("[data-testid=porter-csat-score][data-score='5']").click();
            assertThat(page.locator("[data-testid=porter-csat-thanks]")).isVisible();
        }
    }
}
