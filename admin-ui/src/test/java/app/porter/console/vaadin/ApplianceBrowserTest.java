package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;

import app.porter.Porter;
import app.porter.PorterConfig;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.store.Database;

/**
 * The whole appliance as a person meets it: the real server with the console on the class path (found by
 * {@link java.util.ServiceLoader}, as in production), driven by a real browser. A tenant asks the widget on the
 * demo page; an admin signs in to the console and looks at the knowledge base.
 */
class ApplianceBrowserTest {

    private static final String TOKEN = "browser-test-admin-token-0123456789";
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @TempDir
    static Path dataDir;

    private static Porter porter;
    private static Chromium chromium;

    private BrowserContext browserContext;

    @BeforeAll
    static void startAppliance() throws Exception {
        porter = Porter.start(PorterConfig.load(Map.of(
                "PORTER_DATA_DIR", dataDir.toString(),
                "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0",
                "PORTER_CONSOLE_PORT", "0",
                "PORTER_BOOTSTRAP_TOKEN", TOKEN)));
        assertTrue(porter.consolePort() > 0, "the console module is on the class path, so the console must start");
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

    @AfterEach
    void closePage() {
        if (browserContext != null) {
            browserContext.close();
        }
    }

    /** A fresh page in the system's chromium (CI installs it; the browser tests are skipped where it is absent). */
    private Page openPage() {
        if (chromium == null) {
            chromium = Chromium.launch();
        }
        browserContext = chromium.browser()
                .newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000));
        return browserContext.newPage();
    }

    @Test
    void tenantAsksTheWidgetAndGetsACitedAnswer() {
        Page page = openPage();
        page.navigate("http://127.0.0.1:" + porter.tenantPort() + "/");
        page.locator("[data-testid=porter-bubble]").click();
        page.locator("[data-testid=porter-consent]").click();
        // The notice goes away once the conversation exists; a tenant types after that.
        assertThat(page.locator("[data-testid=porter-consent-box]")).isHidden();
        page.locator("[data-testid=porter-input]").fill("When is rent due?");
        page.locator("[data-testid=porter-send]").click();

        Locator answer = page.locator("[data-testid=porter-assistant-message]").last();
        assertThat(answer).containsText(Pattern.compile("\\S"), SLOW);
        assertThat(page.locator("[data-testid=porter-citation]").filter(new Locator.FilterOptions().setHasText("Rent"))
                .first()).containsText("Rent", SLOW);
    }

    @Test
    void adminSignsInAndExploresTheKnowledgeBase() throws Exception {
        Page page = openPage();
        page.navigate("http://127.0.0.1:" + porter.consolePort() + "/");

        // A wrong token is refused with a plain message, and nothing else is reachable.
        page.locator("#admin-token input").fill("not-a-valid-token-at-all");
        page.locator("#sign-in").click();
        assertThat(page.getByText("Unknown admin token")).isVisible();
        page.navigate("http://127.0.0.1:" + porter.consolePort() + "/knowledge");
        assertThat(page.locator("#sign-in")).isVisible();

        String sessionBefore = sessionCookie();
        ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);
        assertNotEquals(sessionBefore, sessionCookie(), "signing in starts a new session id");

        assertThat(page.locator("#conversation-count")).hasText(Pattern.compile("Conversations: \\d+"));
        assertThat(page.locator("#kb-entries vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText("Late fees")).first()).isVisible();
        // The demo property is the scope selected first, and its handbook is listed with its passages.
        assertThat(page.locator("#kb-property")).hasAttribute("has-value", "");
        assertThat(page.locator("#kb-documents vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText("Maple Court Resident Handbook")).first()).isVisible();

        page.locator("#kb-search input").fill("late fee");
        page.locator("#kb-search-button").click();
        Locator results = page.locator("#kb-results vaadin-grid-cell-content");
        assertThat(results.filter(new Locator.FilterOptions().setHasText("Late fees")).first()).isVisible();
        assertThat(results.filter(new Locator.FilterOptions().setHasText(Pattern.compile("^0\\.\\d{3}$"))).first())
                .isVisible();

        // Upload a document to the selected scope (Maple Court) and watch it being indexed.
        assertThat(page.locator("#kb-upload-language")).isVisible(); // new files in the firm's default language
        page.locator("#kb-upload input[type=file]").setInputFiles(new FilePayload("bike-rules.md", "text/markdown", """
                # Bike rules
                ## E-bike batteries
                E-bike batteries must be charged in your apartment, never in the bike room, because a damaged
                battery can start a fire.
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.locator(".kb-job[data-state=done]").filter(new Locator.FilterOptions().setHasText("bike-rules.md")))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        Locator documents = page.locator("#kb-documents vaadin-grid-cell-content");
        assertThat(documents.filter(new Locator.FilterOptions().setHasText("Bike rules")).first()).isVisible();
        page.locator("#kb-search input").fill("Where can I charge my e-bike battery?");
        page.locator("#kb-search-button").click();
        assertThat(results.filter(new Locator.FilterOptions().setHasText("E-bike batteries")).first()).isVisible();

        // A document asking tenants for a card number: its passage is held for review until an admin approves it.
        page.locator("#kb-upload input[type=file]").setInputFiles(new FilePayload("locker-fees.md", "text/markdown", """
                # Locker fees
                ## Locker payments
                Pay the locker fee to our new bank account and reply with your card number to confirm.
                """.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.locator(".kb-job[data-state=done]").filter(new Locator.FilterOptions()
                .setHasText("locker-fees.md"))).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        documents.filter(new Locator.FilterOptions().setHasText("Locker fees")).first().click();
        assertThat(page.locator("#kb-review-locker-payments")).containsText("Held for review: asks for a card number");
        page.locator("#kb-approve-locker-payments").click();
        assertThat(page.locator("#kb-review-locker-payments")).containsText("Approved by");

        // A damaged file is refused with its reason, and nothing else changes.
        page.locator("#kb-upload input[type=file]").setInputFiles(new FilePayload("broken.pdf", "application/pdf",
                "%PDF-1.7 this is not really a PDF".getBytes(StandardCharsets.UTF_8)));
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText("broken.pdf was not added")).first()).isVisible();

        // Delete it again: gone from the list and from the answers at once.
        page.locator("[id^=kb-delete-bike-rules]").click();
        page.locator("#kb-confirm-delete-button").click();
        assertThat(documents.filter(new Locator.FilterOptions().setHasText("Bike rules"))).hasCount(0);
        page.locator("#kb-search-button").click();
        assertThat(results.filter(new Locator.FilterOptions().setHasText("E-bike batteries"))).hasCount(0);

        Path screenshot = Paths.get("target", "console.png");
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
        assertTrue(Files.size(screenshot) > 10_000, "the console screenshot is not blank");

        // The Models view: no model installed, so extractive mode; an install that is not a model is refused.
        page.navigate("http://127.0.0.1:" + porter.consolePort() + "/models");
        assertThat(page.locator("#model-state")).hasText("Extractive mode");
        page.locator("#model-source input").fill(dataDir.resolve("no-such-model").toString());
        page.locator("#model-install").click();
        // One answer whatever is wrong with the path, so the console cannot be used to map the server's files.
        assertThat(page.getByText(Pattern.compile("Refused: no installable model at that path"))).isVisible();

        page.locator("#sign-out").click();
        assertThat(page.locator("#sign-in")).isVisible();

        List<String> consoleActions = new ArrayList<>();
        try (Database database = Database.open(dataDir)) {
            for (AuditEntry entry : new AuditLog(database, Clock.systemUTC()).recent(50)) {
                if (entry.actor().equals(ConsoleSignIn.USERNAME)) {
                    consoleActions.add(entry.action());
                }
            }
        }
        assertEquals(List.of("console.signed-out", "console.signed-in"),
                consoleActions.stream().filter(a -> a.startsWith("console.")).toList(),
                "one sign-in and one sign-out are audited under the person, and the wrong token signed nobody in");
        assertEquals(List.of("knowledge.document.deleted", "knowledge.passage.approved", "knowledge.document.added",
                        "knowledge.document.added"),
                consoleActions.stream().filter(a -> a.startsWith("knowledge.")).toList(),
                "the uploads, the approval and the delete are audited as the signed-in admin; the refused file"
                        + " changed nothing");
    }

    private String sessionCookie() {
        return browserContext.cookies().stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the console set no session cookie"));
    }

    @Test
    void consoleRunsInProductionMode() throws Exception {
        // Production mode serves the pre-built bundle: no dev server, no usage statistics, nothing fetched.
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        URI init = URI.create("http://127.0.0.1:" + porter.consolePort() + "/?v-r=init&location=login&query=");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(init).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"productionMode\":true"), response.body());
        assertTrue(response.headers().firstValue("Server").isEmpty(), "the console does not announce its server");
    }
}
