package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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

import app.porter.Porter;
import app.porter.PorterConfig;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.store.Database;
import app.porter.staff.Totp;

/**
 * Staff in a real browser on a real appliance: the first admin is set up from the bootstrap token and enrols an
 * authenticator (the test computes the codes from the key the page shows), signs out and in again with password and
 * code, adds an agent and makes them an API token; the agent enrols at their first sign-in and sees no Staff view.
 */
class StaffBrowserTest {

    private static final String TOKEN = "staff-browser-test-token-0123456789";
    private static final String ALEX_PASSWORD = "alex's first password";

    @TempDir
    static Path dataDir;
    private static Porter porter;
    private static Chromium chromium;

    @BeforeAll
    static void startAppliance() throws Exception {
        porter = Porter.start(PorterConfig.load(Map.of(
                "PORTER_DATA_DIR", dataDir.toString(),
                "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0",
                "PORTER_CONSOLE_PORT", "0",
                "PORTER_BOOTSTRAP_TOKEN", TOKEN)));
    }

    @AfterAll
    static void stopAll() {
        if (chromium != null) {
            chromium.close();
        }
        if (porter != null) {
            porter.close();
        }
    }

    private static Page openPage() {
        if (chromium == null) {
            chromium = Chromium.launch();
        }
        BrowserContext context = chromium.browser()
                .newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000));
        return context.newPage();
    }

    private static String console(String path) {
        return "http://127.0.0.1:" + porter.consolePort() + path;
    }

    @Test
    void firstAdminSetsUpEnrolsSignsBackInAndAddsAnAgent() throws Exception {
        Page page = openPage();
        page.navigate(console("/"));
        // Nobody yet: the console asks for the bootstrap token, and only the right one goes on.
        page.locator("#admin-token input").fill("not-the-bootstrap-token");
        page.locator("#sign-in").click();
        assertThat(page.getByText(SignInView.UNKNOWN_TOKEN)).isVisible();
        page.navigate(console("/setup"));
        assertThat(page.locator("#admin-token")).isVisible(); // no set-up without the token
        // Guessing is slowed down as on the admin socket (same lockout): the sixth wrong token in a row must wait.
        for (int i = 0; i < 5; i++) {
            page.locator("#admin-token input").fill("not-the-bootstrap-token-" + i);
            page.locator("#sign-in").click();
        }
        assertThat(page.getByText(SignInView.TOO_MANY_TOKENS)).isVisible();
        Thread.sleep(2_100); // the first wait is 1 s; then the right token goes on

        page.locator("#admin-token input").fill(TOKEN);
        page.locator("#sign-in").click();
        page.waitForURL(Pattern.compile(".*/setup$"));
        assertThat(page.locator("#totp-qr")).isVisible();
        assertTrue(page.locator("#totp-qr").getAttribute("src").startsWith("data:image/svg+xml;base64,"));
        assertThat(page.locator("#totp-uri")).hasText(Pattern.compile("^otpauth://totp/Porter:.*secret=[A-Z2-7]{32}"
                + "&issuer=Porter&algorithm=SHA1&digits=6&period=30$"));
        byte[] secret = Totp.fromBase32(page.locator("#totp-secret").textContent());

        page.locator("#setup-username input").fill(ConsoleSignIn.USERNAME);
        page.locator("#setup-display-name input").fill(ConsoleSignIn.DISPLAY_NAME);
        page.locator("#setup-password input").fill(ConsoleSignIn.PASSWORD);
        page.locator("#setup-password-again input").fill(ConsoleSignIn.PASSWORD);
        // A wrong code creates nobody.
        String right = Totp.code(secret, Totp.step(Instant.now()));
        page.locator("#totp-code input").fill(right.equals("000000") ? "111111" : "000000");
        page.locator("#create-admin").click();
        assertThat(page.locator("#setup-message")).containsText("does not match");

        long enrolStep = Totp.step(Instant.now());
        page.locator("#setup-password input").fill(ConsoleSignIn.PASSWORD); // still there: only the code was cleared
        page.locator("#totp-code input").fill(Totp.code(secret, enrolStep));
        page.locator("#create-admin").click();
        assertThat(page.locator("#recovery-codes")).hasText(Pattern.compile("^([a-z2-9]{5}-[a-z2-9]{5}\\n?){10}$"));
        page.locator("#continue").click();
        page.waitForURL(Pattern.compile(".*/knowledge$"));
        assertThat(page.locator("#signed-in-as")).hasText(ConsoleSignIn.DISPLAY_NAME + " (admin)");

        page.locator("#sign-out").click();
        assertThat(page.locator("#username")).isVisible();
        page.locator("#username input").fill(ConsoleSignIn.USERNAME);
        page.locator("#password input").fill(ConsoleSignIn.PASSWORD);
        page.locator("#code input").fill(Totp.code(secret, enrolStep)); // already used to enrol
        page.locator("#sign-in").click();
        assertThat(page.locator("#sign-in-message")).hasText(SignInView.REFUSED);
        page.locator("#password input").fill(ConsoleSignIn.PASSWORD);
        page.locator("#code input").fill(ConsoleSignIn.nextCode(secret, enrolStep));
        page.locator("#sign-in").click();
        page.waitForURL(Pattern.compile(".*/knowledge$"));
        assertThat(page.locator("#signed-in-as")).hasText(ConsoleSignIn.DISPLAY_NAME + " (admin)");

        // The Staff view: add an agent and make them an API token, which acts as them on the admin API.
        page.navigate(console("/staff"));
        page.locator("#staff-username input").fill("alex");
        page.locator("#staff-display-name input").fill("Alex Kim");
        page.locator("#staff-password input").fill(ALEX_PASSWORD);
        page.locator("#staff-add").click();
        Locator cells = page.locator("#staff-grid vaadin-grid-cell-content");
        assertThat(cells.filter(new Locator.FilterOptions().setHasText("Alex Kim")).first()).isVisible();
        cells.filter(new Locator.FilterOptions().setHasText("Alex Kim")).first().click();
        page.locator("#staff-new-token").click();
        String agentToken = page.locator("#staff-token-value").textContent().strip();
        page.locator("#staff-token-done").click();
        HttpResponse<String> listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + porter.adminPort() + "/api/admin/v1/staff"))
                .header("Authorization", "Bearer " + agentToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, listing.statusCode(), "an agent's token may not list staff: " + listing.body());
        page.locator("#sign-out").click();

        // Alex's first sign-in: password, then enrolment, then in, as an agent.
        page.locator("#username input").fill("alex");
        page.locator("#password input").fill(ALEX_PASSWORD);
        page.locator("#sign-in").click();
        page.waitForURL(Pattern.compile(".*/enrol$"));
        byte[] alexSecret = Totp.fromBase32(page.locator("#totp-secret").textContent());
        page.locator("#totp-code input").fill(Totp.code(alexSecret, Totp.step(Instant.now())));
        page.locator("#enrol").click();
        assertThat(page.locator("#recovery-codes")).isVisible();
        page.locator("#continue").click();
        page.waitForURL(Pattern.compile(".*/knowledge$"));
        assertThat(page.locator("#signed-in-as")).hasText("Alex Kim (agent)");
        page.navigate(console("/staff"));
        assertThat(page.getByText("Staff accounts are managed by admins.")).isVisible();
        assertThat(page.locator("#staff-grid")).hasCount(0);
        page.locator("#sign-out").click();
        assertThat(page.locator("#username")).isVisible();

        List<String> audited = new java.util.ArrayList<>();
        try (Database database = Database.open(dataDir)) {
            for (AuditEntry entry : new AuditLog(database, Clock.systemUTC()).recent(100)) {
                audited.add(entry.actor() + " " + entry.action() + " " + entry.target());
            }
        }
        for (String expected : List.of("bootstrap staff.created sam", "sam staff.totp.enrolled sam",
                "sam staff.created alex", "alex staff.totp.enrolled alex", "alex console.signed-in alex",
                "system staff.signin.failed sam")) {
            assertTrue(audited.contains(expected), expected + " in " + audited);
        }
        assertEquals(2, audited.stream().filter(a -> a.equals("sam console.signed-in sam")).count(), audited.toString());
        assertTrue(audited.stream().noneMatch(a -> a.contains(ConsoleSignIn.PASSWORD) || a.contains(ALEX_PASSWORD)));
    }
}
