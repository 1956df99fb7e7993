package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import app.porter.Porter;
import app.porter.PorterConfig;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.notify.Notifications;

/** An admin routes notifications and sets the webhook secret in the console; the service holds what they set. */
class NotificationsConsoleBrowserTest {

    private static final String TOKEN = "notify-console-admin-token-0123456789";

    @TempDir
    static Path dataDir;
    static Porter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = Porter.start(PorterConfig.load(Map.of("PORTER_DATA_DIR", dataDir.toString(), "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0", "PORTER_CONSOLE_PORT", "0", "PORTER_BOOTSTRAP_TOKEN", TOKEN,
                "PORTER_SMTP_HOST", "127.0.0.1", "PORTER_NOTIFY_EMAIL", "oncall@firm.example")));
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    @Test
    void anAdminAddsARouteAndSetsTheWebhookSecret() {
        try (Chromium chromium = Chromium.launch()) {
            Browser browser = chromium.browser();
            Page page = browser.newPage();
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);

            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/notifications");
            assertThat(page.locator("#notify-relay")).containsText("Relay 127.0.0.1:25");
            assertThat(page.locator("#notify-relay")).containsText("On-call: oncall@firm.example");
            page.locator("#notify-property input").fill("maple-court");
            page.locator("#notify-email input").fill("desk@firm.example");
            page.locator("#notify-add").click();
            Locator cells = page.locator("#notify-routes vaadin-grid-cell-content");
            assertThat(cells.filter(new Locator.FilterOptions().setHasText("desk@firm.example")).first()).isVisible();

            page.locator("#notify-webhook-secret input").fill("console-set-secret-0123456789");
            page.locator("#notify-webhook-secret-set").click();
            assertThat(page.locator("#notify-relay")).containsText("Webhook secret: console");
        }
        Notifications.Settings settings = porter.notifications().settings(new Actor("check", Role.ADMIN));
        assertEquals(1, settings.routes().size());
        assertEquals("maple-court", settings.routes().getFirst().propertyId().orElseThrow());
        assertEquals("desk@firm.example", settings.routes().getFirst().email());
        assertEquals("console", settings.webhookSecret());
    }
}
