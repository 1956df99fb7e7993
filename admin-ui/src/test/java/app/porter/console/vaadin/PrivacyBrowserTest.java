package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.Porter;
import app.porter.PorterConfig;

/**
 * Privacy as people meet it, in a real browser: a tenant reads the firm's notice, downloads and then deletes their
 * conversation from the widget; an admin previews retention and verifies the audit log in the console.
 */
class PrivacyBrowserTest {

    private static final String TOKEN = "privacy-browser-test-token-0123456789";
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path downloads;

    private static Porter porter;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.EXECUTABLE), "no chromium at " + Chromium.EXECUTABLE);
        porter = Porter.start(PorterConfig.load(Map.of(
                "PORTER_DATA_DIR", dataDir.toString(),
                "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0",
                "PORTER_CONSOLE_PORT", "0",
                "PORTER_BOOTSTRAP_TOKEN", TOKEN)));
        chromium = Chromium.launch(new BrowserType.LaunchOptions().setDownloadsPath(downloads));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (porter != null) {
            porter.close();
        }
    }

    @Test
    void aTenantDownloadsAndThenDeletesTheirConversation() throws Exception {
        try (BrowserContext context = chromium.browser()
                .newContext(new Browser.NewContextOptions().setAcceptDownloads(true))) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + porter.tenantPort() + "/");
            page.locator("[data-testid=porter-bubble]").click();
            // The firm's notice, as published on the appliance, before anything is sent.
            assertThat(page.locator("[data-testid=porter-privacy]")).containsText("download or delete", SLOW);
            assertThat(page.locator("[data-testid=porter-tools]")).isHidden();
            page.locator("[data-testid=porter-consent]").click();
            page.locator("[data-testid=porter-input]").fill("Can I paint my walls?");
            page.locator("[data-testid=porter-send]").click();
            // The reply is complete (the done event sets its mode) before the tenant asks for their data.
            assertThat(page.locator("[data-testid=porter-assistant-message][data-mode]").last())
                    .containsText(Pattern.compile("\\S"), SLOW);

            Download download = page.waitForDownload(() -> page.locator("[data-testid=porter-download]").click());
            String exported = Files.readString(download.path());
            assertTrue(exported.contains("Can I paint my walls?"), exported);
            assertTrue(download.suggestedFilename().startsWith("conversation-"), download.suggestedFilename());

            page.locator("[data-testid=porter-delete]").click();
            page.locator("[data-testid=porter-delete-confirm]").click();
            assertThat(page.locator("[data-testid=porter-note]")).containsText("deleted", SLOW);
            Download receipt = page.waitForDownload(() -> page.locator("[data-testid=porter-receipt]").click());
            String saved = Files.readString(receipt.path());
            assertTrue(saved.contains("\"signature\"") && saved.contains("porter.erasure-receipt/v1"), saved);
            // Back to the notice: a new chat needs consent again.
            assertThat(page.locator("[data-testid=porter-consent-box]")).isVisible();
            assertEquals(0L, porter.privacy().audit().recent(20).stream()
                    .filter(e -> e.action().equals("dsr.erase.refused")).count());
        }
    }

    @Test
    void anAdminPreviewsRetentionAndVerifiesTheAuditLog() {
        try (BrowserContext context = chromium.browser()
                .newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000))) {
            Page page = context.newPage();
            String console = "http://127.0.0.1:" + porter.consolePort();
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);

            page.navigate(console + "/privacy");
            assertThat(page.locator("#retention-headline")).containsText("will be purged tonight", SLOW);
            page.locator("#retention-conversations input").fill("1");
            page.locator("#retention-conversations input").press("Tab");
            assertThat(page.locator("#retention-preview-conversations")).containsText("will be purged tonight");
            page.locator("#retention-audit-log input").fill("5");
            page.locator("#retention-audit-log input").press("Tab");
            page.locator("#retention-save").click();
            // A loaded CI machine can take seconds over the save; wait as long as for the other slow steps.
            // The refusal as a notification (the live preview may show the same words beside the field).
            assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                    .setHasText("audit-log retention must be 365-3650 days, was 5")))
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(page.locator("#public-key")).containsText("BEGIN PUBLIC KEY");

            page.navigate(console + "/audit");
            page.locator("#audit-verify").click();
            assertThat(page.locator("#audit-verify-result")).containsText("Intact", SLOW);
            page.locator("#audit-action input").fill("retention.");
            page.locator("#audit-search").click();
            assertThat(page.locator("#audit-entries vaadin-grid-cell-content")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("retention.change.refused"))
                    .first()).isVisible();

            page.navigate(console + "/requests");
            page.locator("#dsr-conversation input").fill("no-such-conversation");
            page.locator("#dsr-reason input").fill("tenant asked by letter");
            page.locator("#dsr-erase").click();
            assertThat(page.getByText("No such conversation (nothing was erased)")).isVisible();

            // The training dataset: refused without a reason, then prepared, reported and downloaded as a zip.
            page.locator("#dataset-prepare").click();
            assertThat(page.getByText("a dataset export needs a stated reason")).isVisible();
            page.locator("#dataset-reason input").fill("fine-tune for Q3");
            page.locator("#dataset-prepare").click();
            assertThat(page.locator("#dataset-summary")).containsText("records", SLOW);
            Download zip = page.waitForDownload(() -> page.locator("#dataset-download").click());
            java.util.Set<String> entries = new java.util.TreeSet<>();
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                    Files.newInputStream(zip.path()))) {
                for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    entries.add(e.getName());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertEquals(java.util.Set.of("report.json", "test.jsonl", "train.jsonl", "validation.jsonl"), entries);
        }
    }
}
