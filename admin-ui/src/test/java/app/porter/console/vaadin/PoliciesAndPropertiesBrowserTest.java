package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.Porter;

/**
 * In a real browser, an admin publishes a new policy version in the Policies view (a new topic, a review date that
 * has passed: the view warns) and a tenant's next message follows it; and adds a property, is warned that it has no
 * emergency line, fills in its settings and units, is refused a bad ticket prefix with the reason, and the tenant
 * API and the admin API see what was saved.
 */
class PoliciesAndPropertiesBrowserTest {

    private static final String TOKEN = "policies-console-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    private static JsonObject adminGet(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + porter.adminPort()
                + path)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    /** A tenant of {@code propertyId} says {@code text}; the reply. */
    private static JsonObject tenantSays(String propertyId, String text) throws Exception {
        String base = "http://127.0.0.1:" + porter.tenantPort() + "/api/v1/conversations";
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("consent", true).add("propertyId", propertyId).build()
                                .toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, started.statusCode(), started.body());
        JsonObject c = Json.createReader(new StringReader(started.body())).readObject();
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"
                        + c.getString("conversationId") + "/messages"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + c.getString("token"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("text", text).build()
                        .toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        return Json.createReader(new StringReader(reply.body())).readObject();
    }

    @Test
    void anAdminPublishesAPolicyVersionAndIsWarnedWhenItsReviewIsDue() throws Exception {
        assertFalse("escalated".equals(tenantSays("maple-court", "I have a noise complaint about 3B")
                .getString("mode")));
        try (Chromium chromium = Chromium.launch()) {
            Page page = chromium.browser().newPage();
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);
            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/policies");
            assertThat(page.locator("#policy-active")).containsText("version 1 by system");
            assertThat(page.locator("#policy-review-due")).isHidden();
            assertThat(page.locator("#policy-topics textarea")).hasValue(Pattern.compile(
                    ".*legal-threat \\| Legal threats \\| es \\| .*", Pattern.DOTALL));

            Locator topics = page.locator("#policy-topics textarea");
            topics.fill(topics.inputValue() + "noise | Noise complaints | en | \\bnoise complaints?\\b\n");
            page.locator("#policy-tone input").fill("Warm, brief, never legal advice.");
            page.locator("#policy-review-by input").fill("2020-01-31");
            page.locator("#policy-publish").click();
            assertThat(page.locator("#policy-active")).containsText("version 2 by " + ConsoleSignIn.USERNAME);
            assertThat(page.locator("#policy-review-due")).containsText("Review due");
            assertThat(page.locator("#policy-versions vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                    .setHasText("v2")).first()).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "policies.png"))
                    .setFullPage(true));

            page.locator("#policy-topics textarea").fill("broken line without separators");
            page.locator("#policy-publish").click();
            assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                    .setHasText("id | name | language | expression")).first()).isVisible();
        }
        JsonObject active = adminGet("/api/admin/v1/policies/active");
        assertEquals(2, active.getInt("version"));
        assertEquals("Warm, brief, never legal advice.", active.getString("tone"));
        assertTrue(active.getBoolean("reviewDue"));
        assertEquals(5, active.getJsonArray("topics").size());
        assertEquals("escalated", tenantSays("maple-court", "I have a noise complaint about 3B").getString("mode"));
        assertEquals("escalated", tenantSays("maple-court", "I'm going to sue you").getString("mode"),
                "the shipped topics came through the form unchanged");
    }

    @Test
    void anAdminAddsAPropertyAndSetsItUp() throws Exception {
        try (Chromium chromium = Chromium.launch()) {
            Page page = chromium.browser().newPage();
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);
            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/properties");
            assertThat(page.locator("#properties-grid a").filter(new Locator.FilterOptions()
                    .setHasText("Maple Court Apartments"))).isVisible();
            page.locator("#property-new-id input").fill("oak-hill");
            page.locator("#property-new-name input").fill("Oak Hill");
            page.locator("#property-add").click();
            page.waitForURL(Pattern.compile(".*/properties/oak-hill$"));
            assertThat(page.locator("#settings-warning")).containsText("No emergency line");
            assertThat(page.locator("#properties-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                    .setHasText("No emergency line")).first()).isVisible();

            page.locator("#property-rename-name input").fill("Oak Hill Lofts");
            page.locator("#property-rename").click();
            assertThat(page.locator("#property-heading")).containsText("Oak Hill Lofts");
            page.locator("#unit-id input").fill("2A");
            page.locator("#unit-add").click();
            page.locator("#unit-name input").fill("Apartment 2A, second floor");
            page.locator("#unit-rename").click();
            assertThat(page.locator("#units-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                    .setHasText("Apartment 2A, second floor")).first()).isVisible();

            page.locator("#settings-ticketPrefix input").fill("bad1");
            page.locator("#settings-save").click();
            assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                    .setHasText("ticketPrefix")).first()).isVisible();

            page.locator("#settings-ticketPrefix input").fill("OHL");
            page.locator("#settings-emergencyLine input").fill("(312) 555-0111");
            page.locator("#settings-timeZone input").fill("America/Chicago");
            page.locator("#settings-hours-monday input").fill("09:00-17:00");
            page.locator("#settings-hours-replyWithin input").fill("1h");
            page.locator("#settings-notify-emergency input").fill("oh-oncall@firm.example");
            page.locator("#settings-save").click();
            assertThat(page.locator("#settings-warning")).isHidden();
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "property-settings.png"))
                    .setFullPage(true));
        }
        JsonObject settings = adminGet("/api/admin/v1/properties/oak-hill/settings");
        assertEquals("OHL", settings.getString("ticketPrefix"));
        assertEquals("(312) 555-0111", settings.getString("emergencyLine"));
        assertEquals("09:00-17:00", settings.getJsonObject("officeHours").getString("monday"));
        assertEquals("America/Chicago", settings.getString("timeZone"));
        assertEquals("oh-oncall@firm.example", settings.getJsonObject("notify").getJsonArray("emergency").getString(0));
        assertFalse(settings.getBoolean("emergencyLineMissing"));
        assertEquals("Oak Hill Lofts", settings.getString("name"));
        String reply = tenantSays("oak-hill", "I smell gas").getString("reply");
        assertTrue(reply.contains("(312) 555-0111") && reply.contains("Oak Hill Lofts"), reply);
    }
}
