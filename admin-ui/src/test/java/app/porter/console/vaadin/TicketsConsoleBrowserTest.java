package app.porter.console.vaadin;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import app.porter.Porter;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.tickets.NewTicket;
import app.porter.tickets.Ticket;
import app.porter.tickets.TicketHistory;

/**
 * An admin works a ticket in the console: sees it flagged as a possible duplicate, assigns it, moves it with a
 * note that lands in the history, and follows the link to its conversation in the Inbox.
 */
class TicketsConsoleBrowserTest {

    private static final String TOKEN = "tickets-console-admin-token-0123456789";

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

    private static String conversation() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + porter.tenantPort() + "/api/v1/conversations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"consent\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        var m = Pattern.compile("\"conversationId\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        m.find();
        return m.group(1);
    }

    private static Ticket open(String conversationId) {
        return porter.flows().tickets().create(new NewTicket("maple-court", "MC", conversationId, "plumbing",
                "routine", true, false, "chat", "en", new Ticket.Details("C-204", "kitchen", "The tap drips",
                "mornings", null, null, "Problem: Plumbing")));
    }

    @Test
    void anAdminAssignsMovesWithANoteSeesDuplicatesAndOpensTheConversation() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Chromium.EXECUTABLE), "no chromium at " + Chromium.EXECUTABLE);
        String conversationId = conversation();
        Ticket first = open(conversationId);
        Ticket second = open(conversation());
        try (Chromium chromium = Chromium.launch()) {
            Browser browser = chromium.browser();
            Page page = browser.newPage();
            ConsoleSignIn.asFirstAdmin(page, porter.consolePort(), TOKEN);

            page.navigate("http://127.0.0.1:" + porter.consolePort() + "/tickets");
            assertThat(page.locator("[data-duplicates='" + second.reference() + "']")).isVisible();
            page.locator("#tickets vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                    .setHasText(Pattern.compile("^" + first.reference() + "$"))).first().click();
            assertThat(page.locator("#ticket-conversation-link")).isVisible();

            page.locator("#ticket-assignee input").fill(ConsoleSignIn.USERNAME);
            page.locator("#ticket-assign").click();
            assertThat(page.locator("#ticket-history")).containsText("assigned to " + ConsoleSignIn.USERNAME);

            page.locator("#ticket-status").click();
            page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("scheduled")).first()
                    .click();
            page.locator("#ticket-note textarea").fill("Plumber booked for Tuesday morning");
            page.locator("#ticket-status-save").click();
            assertThat(page.locator("#ticket-history")).containsText("status scheduled: Plumber booked");

            page.locator("#ticket-conversation-link").click();
            page.waitForURL(Pattern.compile(".*/inbox\\?conversation=.*"));
            assertThat(page.locator("#inbox-not-queued")).containsText(conversationId);
        }
        List<TicketHistory> history = porter.flows().tickets().history(new Actor("check", Role.ADMIN),
                first.reference());
        assertEquals(2, history.size(), history.toString());
        assertEquals(ConsoleSignIn.USERNAME, history.get(0).assignee());
        assertEquals("Plumber booked for Tuesday morning", history.get(1).note());
    }
}
