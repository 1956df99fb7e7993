package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.Porter;

/**
 * From a tenant's thumbs-down to a better answer, in two real browsers: the tenant rates an answer down in the widget
 * (a person is offered, a comment is optional); the question appears in the console's Knowledge gaps view; an admin
 * drafts an entry from it, writes the answer and publishes it; asked again, the widget quotes that entry. The
 * tenant's "yes" to a person reaches the inbox, where the staff reply drafts an entry too.
 */
class KnowledgeGapsBrowserTest {

    private static final String TOKEN = "gaps-console-admin-token-0123456789";
    private static final String QUESTION = "Can I keep a boat in the parking lot?";
    private static final String ANSWER = "Boats and trailers may not be kept anywhere at Maple Court;"
            + " the office can recommend a marina nearby.";
    /** The console and the widget on two shared cores, beside other builds: Vaadin may take a while to render. */
    private static final LocatorAssertions.IsVisibleOptions VISIBLE =
            new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

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
    void aThumbsDownBecomesAGapThatAnAdminFillsWithAnEntryTheNextTenantIsQuoted() throws Exception {
        try (Chromium chromium = Chromium.launch()) {
            Browser browser = chromium.browser();
            Page widget = TenantWidget.open(browser, porter.tenantPort());
            Locator answer = TenantWidget.say(widget, QUESTION);
            assertThat(answer).not().containsText(ANSWER);

            // Thumbs-down: a person is offered at once, and a comment may follow.
            answer.locator("[data-testid=porter-thumbs-down]").click();
            assertThat(answer.locator("[data-testid=porter-thumbs-down]")).hasAttribute("aria-pressed", "true");
            assertThat(widget.locator("[data-testid=porter-option][data-value=person]")).isVisible(VISIBLE);
            answer.locator("[data-testid=porter-feedback-comment]").fill("I meant a small boat on a trailer");
            answer.locator("[data-testid=porter-feedback-send]").click();
            assertThat(answer.locator("[data-testid=porter-feedback-thanks]")).isVisible(VISIBLE);
            widget.locator("[data-testid=porter-option][data-value=person]").click();
            assertThat(widget.locator("[data-testid=porter-assistant-message][data-mode]").last())
                    .hasAttribute("data-mode", "escalated");

            // The office: the question is a knowledge gap; an admin drafts and publishes an entry from it.
            Page console = browser.newContext().newPage();
            ConsoleSignIn.asFirstAdmin(console, porter.consolePort(), TOKEN);
            console.navigate("http://127.0.0.1:" + porter.consolePort() + "/knowledge-gaps");
            Locator group = console.locator(".gap-group").filter(new Locator.FilterOptions().setHasText(QUESTION));
            assertThat(group).isVisible(VISIBLE);
            assertThat(group).containsText("thumbs-down 1");
            group.locator(".gap-draft").click();
            assertThat(console.locator("#correction-question input")).hasValue(QUESTION,
                    new LocatorAssertions.HasValueOptions().setTimeout(20_000));
            console.locator("#correction-answer textarea").fill(ANSWER);
            console.locator("#correction-publish").click();
            assertThat(console.locator("#gaps-none")).isVisible(VISIBLE);
            assertTrue(porter.knowledge().awaitIdle(Duration.ofSeconds(60)), "the corrections document is indexed");

            // The inbox: a staff reply drafts an entry too, prefilled with the tenant's question and the reply.
            console.navigate("http://127.0.0.1:" + porter.consolePort() + "/inbox");
            Locator row = console.locator("#inbox-queue vaadin-grid-cell-content")
                    .filter(new Locator.FilterOptions().setHasText("tenant-request")).first();
            assertThat(row).isVisible(VISIBLE);
            row.click();
            console.locator("#inbox-claim").click();
            assertThat(console.locator("#inbox-queue vaadin-grid-cell-content")
                    .filter(new Locator.FilterOptions().setHasText(ConsoleSignIn.DISPLAY_NAME)).first())
                    .isVisible(VISIBLE);
            console.locator("#inbox-reply textarea").fill("Springfield Marina rents boat spaces by the month.");
            console.locator("#inbox-send").click();
            assertThat(console.locator("#inbox-messages")).containsText("Springfield Marina", SLOW);
            console.locator(".inbox-draft-entry").first().click();
            assertThat(console.locator("#correction-question input")).hasValue(QUESTION,
                    new LocatorAssertions.HasValueOptions().setTimeout(20_000));
            assertThat(console.locator("#correction-answer textarea")).hasValue(
                    "Springfield Marina rents boat spaces by the month.");
            console.locator("#correction-cancel").click();

            // The next tenant asking is quoted the entry.
            Locator quoted = TenantWidget.say(TenantWidget.open(browser, porter.tenantPort()), QUESTION);
            assertThat(quoted).containsText(ANSWER, SLOW);
            assertThat(quoted.locator("[data-testid=porter-citation]").first()).containsText("Source: " + QUESTION);
        }
    }
}
