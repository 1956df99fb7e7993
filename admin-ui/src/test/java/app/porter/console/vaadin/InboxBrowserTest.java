package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import app.porter.Porter;
import app.porter.PorterConfig;
import app.porter.staff.Totp;

/**
 * Live takeover in two real browsers: a tenant asks for a person in the widget; an agent (signed in with password and
 * authenticator code) sees it in the console's inbox
 * (late, so it stands out), open it, claim it and reply; the widget shows who is answering and the reply without a
 * reload; the tenant's next message is not answered by the bot; staff hand it back and the bot answers again.
 */
class InboxBrowserTest {

    private static final String TOKEN = "inbox-console-admin-token-0123456789";
    private static final String AGENT_NAME = "Alex Kim";
    private static final String AGENT_PASSWORD = "alex's long first password";
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);
    /** The console and the widget on two shared cores, beside other builds: Vaadin may take a while to render. */
    private static final LocatorAssertions.IsVisibleOptions VISIBLE =
            new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);

    @TempDir
    static Path dataDir;
    static Porter porter;
    static final ShiftedClock CLOCK = new ShiftedClock();

    @BeforeAll
    static void start() throws Exception {
        porter = Porter.start(PorterConfig.load(Map.of("PORTER_DATA_DIR", dataDir.toString(), "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0", "PORTER_CONSOLE_PORT", "0", "PORTER_BOOTSTRAP_TOKEN", TOKEN)), CLOCK);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    /**
     * Adds an agent through the admin API (the bootstrap token acts for the firm), then signs them in: password,
     * enrolment of their authenticator at the first sign-in, sign-out, and a real sign-in with password and code.
     */
    private static void signInAsNewAgent(Page console) throws Exception {
        HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + porter.adminPort() + "/api/admin/v1/staff"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alex\",\"displayName\":\"" + AGENT_NAME
                        + "\",\"role\":\"agent\",\"password\":\"" + AGENT_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, added.statusCode(), added.body());
        console.navigate("http://127.0.0.1:" + porter.consolePort() + "/");
        console.locator("#username input").fill("alex");
        console.locator("#password input").fill(AGENT_PASSWORD);
        console.locator("#sign-in").click();
        console.waitForURL(Pattern.compile(".*/enrol$"));
        byte[] secret = Totp.fromBase32(console.locator("#totp-secret").textContent());
        long enrolled = Totp.step(Instant.now());
        console.locator("#totp-code input").fill(Totp.code(secret, enrolled));
        console.locator("#enrol").click();
        assertThat(console.locator("#recovery-codes")).isVisible(VISIBLE);
        console.locator("#continue").click();
        console.waitForURL(Pattern.compile(".*/knowledge$"));
        console.locator("#sign-out").click();

        console.locator("#username input").fill("alex");
        console.locator("#password input").fill(AGENT_PASSWORD);
        console.locator("#code input").fill(ConsoleSignIn.nextCode(secret, enrolled));
        console.locator("#sign-in").click();
        console.waitForURL(Pattern.compile(".*/knowledge$"));
        assertThat(console.locator("#signed-in-as")).hasText(AGENT_NAME + " (agent)");
    }

    private static void say(Page widget, String text) {
        TenantWidget.say(widget, text);
    }

    private static Locator lastReply(Page widget) {
        return widget.locator("[data-testid=porter-assistant-message][data-mode]").last();
    }

    @Test
    void anAgentTakesOverAConversationLiveAndHandsItBack() throws Exception {
        try (Chromium chromium = Chromium.launch()) {
            Browser browser = chromium.browser();
            Page widget = TenantWidget.open(browser, porter.tenantPort());
            say(widget, "Can I talk to a real person please?");
            assertThat(lastReply(widget)).hasAttribute("data-mode", "escalated");
            // An agent signs in with password and authenticator code, before the appliance's clock moves on: the
            // code is of the real time.
            BrowserContext office = browser.newContext();
            Page console = office.newPage();
            signInAsNewAgent(console);
            CLOCK.shift = Duration.ofHours(5); // past the 4 h target for tenant requests
            console.navigate("http://127.0.0.1:" + porter.consolePort() + "/inbox");
            Locator row = console.locator("#inbox-queue vaadin-grid-cell-content")
                    .filter(new Locator.FilterOptions().setHasText("real person")).first();
            assertThat(row).isVisible(VISIBLE);
            assertThat(console.locator("#inbox-queue [data-breached=true]").first()).isVisible(VISIBLE);
            row.click();
            assertThat(console.locator("#inbox-messages")).containsText("real person", SLOW);

            console.locator("#inbox-claim").click();
            // The claim redraws the queue and the transcript in the same round trip: wait for it before typing.
            assertThat(console.locator("#inbox-queue vaadin-grid-cell-content")
                    .filter(new Locator.FilterOptions().setHasText(AGENT_NAME)).first()).isVisible(VISIBLE);
            assertThat(widget.locator("[data-testid=porter-answering]")).isVisible(VISIBLE);

            console.locator("#inbox-reply textarea").fill("A plumber comes at 3pm today.");
            console.locator("#inbox-send").click();
            assertThat(console.locator("#inbox-messages")).containsText("A plumber comes at 3pm", SLOW);
            // Live, without a reload: the reply and who wrote it.
            assertThat(widget.locator("[data-testid=porter-staff-message]")).containsText("A plumber comes at 3pm",
                    SLOW);

            say(widget, "When is rent due?");
            assertThat(lastReply(widget)).hasAttribute("data-mode", "human");

            console.locator("#inbox-note textarea").fill("Plumber booked for 3pm.");
            console.locator("#inbox-add-note").click();
            assertThat(console.locator("#inbox-notes")).containsText("Plumber booked", SLOW);
            console.locator("#inbox-release").click();
            assertThat(widget.locator("[data-testid=porter-answering]")).isHidden(
                    new LocatorAssertions.IsHiddenOptions().setTimeout(20_000));

            say(widget, "When is rent due?");
            assertThat(lastReply(widget)).not().hasAttribute("data-mode", "human");
            assertThat(widget.locator("[data-testid=porter-log]")).not().containsText("Plumber booked");
        }
    }
}
