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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import app.porter.Porter;
import app.porter.PorterConfig;

/** Staff see the tickets and escalations that tenants' conversations created, in the console. */
class FlowsConsoleBrowserTest {

    private static final String TOKEN = "flows-console-admin-token-0123456789";

    @TempDir
    static Path dataDir;
    static Porter porter;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        porter = Porter.start(PorterConfig.load(Map.of("PORTER_DATA_DIR", dataDir.toString(), "PORTER_HTTP_PORT", "0",
                "PORTER_ADMIN_PORT", "0", "PORTER_CONSOLE_PORT", "0", "PORTER_BOOTSTRAP_TOKEN", TOKEN)));
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static JsonObject post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + porter.tenantPort() + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static String say(JsonObject conversation, String text) throws Exception {
        return post("/api/v1/conversations/" + conversation.getString("conversationId") + "/messages",
                Json.createObjectBuilder().add("text", text).build().toString(),
                conversation.getString("token")).getString("reply");
    }

    @Test
    void staffSeeTicketsAndEscalations() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.EXECUTABLE), "no chromium at " + Chromium.EXECUTABLE);
        JsonObject tenant = post("/api/v1/conversations", "{\"consent\":true}", null);
        say(tenant, "My bathroom sink is clogged and drains very slowly");
        say(tenant, "B-12");
        say(tenant, "routine");
        say(tenant, "no");
        say(tenant, "any-time");
        say(tenant, "chat");
        Matcher reference = Pattern.compile("MC-\\d{4}").matcher(say(tenant, "submit"));
        assertTrue(reference.find());
        JsonObject other = post("/api/v1/conversations", "{\"consent\":true}", null);
        say(other, "I can smell gas in the stairwell");

        try (Chromium chromium = Chromium.launch()) {
            Browser browser = chromium.browser();
            Page page = browser.newPage();
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);

            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/tickets");
            Locator cells = page.locator("#tickets vaadin-grid-cell-content");
            assertThat(cells.filter(new Locator.FilterOptions().setHasText(reference.group())).first()).isVisible();
            assertThat(cells.filter(new Locator.FilterOptions().setHasText("drains very slowly")).first()).isVisible();
            assertThat(page.locator("#tickets-csv")).isVisible();

            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/escalations");
            Locator escalations = page.locator("#escalations vaadin-grid-cell-content");
            assertThat(escalations.filter(new Locator.FilterOptions().setHasText("gas")).first()).isVisible();
            assertEquals(1, escalations.filter(new Locator.FilterOptions().setHasText("emergency")).count());
        }
    }
}
