package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.Porter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.escalation.Escalation;
import app.porter.language.Language;

/**
 * The Analytics view with a week of real conversations behind it: the appliance runs on a clock the test sets back
 * a day at a time while tenants ask through the tenant API (answers, "don't know", small talk, Spanish, a gas
 * emergency, a repair reported to a ticket, a person asked for and answered by staff 20 minutes later) and rate
 * answers. The charts must render as
 * SVG with bars and lines in them, switch to weeks, and download their tables as CSV. The screenshot is left at
 * {@code admin-ui/target/analytics-view.png}.
 */
class AnalyticsBrowserTest {

    private static final String TOKEN = "analytics-console-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @TempDir
    static Path dataDir;
    static Porter porter;
    static final ShiftedClock CLOCK = new ShiftedClock();
    static int conversations;

    @BeforeAll
    static void start() throws Exception {
        porter = ConsoleAppliance.start(dataDir, TOKEN, CLOCK);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static JsonObject post(URI uri, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, uri + ": " + response.statusCode() + " " + response.body());
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** A tenant conversation that asks {@code messages} in turn; returns its id. */
    private static String converse(String... messages) throws Exception {
        String tenant = "http://127.0.0.1:" + porter.tenantPort() + "/api/v1/conversations";
        JsonObject started = post(URI.create(tenant), "{\"consent\":true}", null);
        conversations++;
        String id = started.getString("conversationId");
        for (String text : messages) {
            post(URI.create(tenant + "/" + id + "/messages"), Json.createObjectBuilder().add("text", text).build()
                    .toString(), started.getString("token"));
        }
        return id;
    }

    /** Six days ago to today: a few conversations each day, each day a little different. */
    private static void seedAWeek() throws Exception {
        for (int daysAgo = 6; daysAgo >= 0; daysAgo--) {
            CLOCK.shift = Duration.ofDays(-daysAgo);
            for (int i = 0; i <= daysAgo % 3; i++) {
                converse("How much do I pay if my rent is late?", "Are pets allowed in the building?");
            }
            converse(daysAgo % 2 == 0 ? "What is the capital of Mongolia?" : "Hello");
            if (daysAgo == 3) {
                converse("¿Cuánto tengo que pagar si pago el alquiler tarde?");
            }
            if (daysAgo == 4) {
                converse("I smell gas in the hallway");
            }
            if (daysAgo == 2) {
                converse("I want to report a maintenance problem", "plumbing", "Apt C-204", "kitchen",
                        "The tap drips all night", "3", "yes", "no", "weekday-mornings", "chat", "submit");
            }
            if (daysAgo == 1) {
                String id = converse("Can I talk to a real person please?");
                Escalation raised = porter.flows().escalations().queue(new Actor("seed", Role.ADMIN), 50).stream()
                        .filter(e -> e.conversationId().equals(id)).findFirst().orElseThrow();
                CLOCK.shift = CLOCK.shift.plusMinutes(20);
                post(URI.create("http://127.0.0.1:" + porter.adminPort() + "/api/admin/v1/escalations/"
                        + raised.id() + "/messages"), "{\"text\":\"The office here: we will call you today.\"}", TOKEN);
            }
            porter.analytics().thumb("maple-court", Language.EN, true);
            porter.analytics().thumb("maple-court", Language.EN, daysAgo % 3 != 0);
            porter.analytics().csat("maple-court", Language.EN, 3 + daysAgo % 3);
        }
        CLOCK.shift = Duration.ZERO;
        assertTrue(porter.analytics().flush(Duration.ofSeconds(10)));
    }

    /** How many of the chart's shapes are filled with its first series' colour (bars, or line markers). */
    private static int shapesOfFirstSeries(Page page, String table) {
        return ((Number) page.evaluate("id => [...document.querySelectorAll('#chart-' + id + ' svg *')]"
                + ".filter(e => (e.getAttribute('fill') || e.getAttribute('style') || '').includes('0,114,178'))"
                + ".length", table)).intValue();
    }

    @Test
    void aWeekOfConversationsIsChartedAndDownloadable() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.EXECUTABLE), "no chromium at " + Chromium.EXECUTABLE);
        seedAWeek();
        try (Chromium chromium = Chromium.launch()) {
            Page page = chromium.browser().newPage(new com.microsoft.playwright.Browser.NewPageOptions()
                    .setViewportSize(1400, 2200)); // the console scrolls inside its layout: all charts in view
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);
            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/analytics");
            // The first view draws nine charts with a cold JVM's fonts, beside other builds on two cores.
            assertThat(page.locator("#analytics-summary")).containsText(conversations + " conversations", SLOW);
            assertThat(page.locator("#analytics-summary")).containsText("1 ticket,");
            for (String table : List.of("volume", "answers", "office", "first-reply", "csat", "thumbs", "languages",
                    "answer-modes", "latency")) {
                assertThat(page.locator("#chart-" + table + " svg")).isVisible();
                assertTrue(shapesOfFirstSeries(page, table) > 0, table + " draws no data");
            }
            assertTrue(shapesOfFirstSeries(page, "volume") >= 7, "a bar of conversations for every seeded day");
            assertThat(page.locator("#chart-languages svg")).containsText("es");
            assertThat(page.locator("#chart-answer-modes svg")).containsText("dont-know");
            assertThat(page.locator("#chart-latency svg")).containsText("p95 ms");
            Path screenshot = Paths.get("target", "analytics-view.png");
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));

            Download download = page.waitForDownload(() -> page.locator("#csv-volume").click());
            List<String> csv = Files.readAllLines(download.path());
            assertEquals("bucket_start,conversations,messages", csv.getFirst());
            assertEquals(31, csv.size(), "a header and 30 days");
            assertEquals(conversations, csv.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[1])).sum());
            assertTrue(csv.getLast().startsWith(LocalDate.now() + ","), csv.getLast());

            page.locator("#analytics-bucket vaadin-radio-button").filter(
                    new com.microsoft.playwright.Locator.FilterOptions().setHasText("Weeks")).click();
            assertThat(page.locator("#chart-volume svg")).containsText("weeks, by their Monday", SLOW);
            page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "analytics-view-weeks.png"))
                    .setFullPage(true));
        }
    }
}
