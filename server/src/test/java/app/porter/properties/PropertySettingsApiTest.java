package app.porter.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.json.JsonObject;

import app.porter.TestPorter;

/**
 * Properties, units and their settings through the admin API on a real appliance: Maple Court's YAML imported into
 * the database, a partial PUT that changes only what it names and counts from the tenant's next message (the
 * emergency answer's number, a new ticket's prefix), refusals that say what is wrong and change nothing, the audit
 * trail, renames, notification addresses, and a property added through the API with no emergency line: flagged,
 * and its tenants still told to call emergency services first.
 */
class PropertySettingsApiTest {

    @TempDir
    static Path dataDir;
    static TestPorter porter;

    @BeforeAll
    static void start() throws Exception {
        porter = TestPorter.start(dataDir);
    }

    @AfterAll
    static void stop() {
        porter.close();
    }

    private static JsonObject settings(String id) {
        HttpResponse<String> r = porter.adminGet("/api/admin/v1/properties/" + id + "/settings");
        assertEquals(200, r.statusCode(), r.body());
        return TestPorter.json(r.body());
    }

    private static HttpResponse<String> put(String id, String json) {
        return porter.putJson(porter.admin("/api/admin/v1/properties/" + id + "/settings"), json,
                TestPorter.ADMIN_TOKEN);
    }

    private static HttpResponse<String> patch(String path, String json) {
        return porter.send(HttpRequest.newBuilder(porter.admin(path))
                .header("Authorization", "Bearer " + TestPorter.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String audit() {
        return porter.adminGet("/api/admin/v1/audit?limit=500").body();
    }

    @Test
    void theShippedYamlIsImportedAndAPartialPutChangesOnlyWhatItNames() {
        JsonObject before = settings("maple-court");
        assertEquals("(217) 555-0199", before.getString("emergencyLine"));
        assertEquals("MC", before.getString("ticketPrefix"));
        assertEquals("America/Chicago", before.getString("timeZone"));
        assertEquals("09:00-19:00", before.getJsonObject("officeHours").getString("thursday"));
        assertEquals("2h", before.getJsonObject("officeHours").getString("replyWithin"));
        assertEquals("10-01", before.getJsonObject("heatingSeason").getString("from"));
        assertFalse(before.getBoolean("emergencyLineMissing"));

        HttpResponse<String> r = put("maple-court", "{\"emergencyLine\":\"(217) 555-0100\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject after = TestPorter.json(r.body());
        assertEquals("(217) 555-0100", after.getString("emergencyLine"));
        for (String kept : new String[] {"office", "ticketPrefix", "phoneRegion", "timeZone", "emergencyServices"}) {
            assertEquals(before.get(kept), after.get(kept), kept);
        }
        assertEquals(before.getJsonObject("officeHours"), after.getJsonObject("officeHours"));
        assertTrue(audit().contains("\"property.settings.changed\""), "audited");

        JsonObject emergency = porter.ask(porter.startConversation(), "I smell gas in the kitchen");
        assertEquals("emergency", emergency.getString("mode"));
        assertTrue(emergency.getString("reply").contains("(217) 555-0100"), "no restart needed: "
                + emergency.getString("reply"));
    }

    @Test
    void aNewTicketPrefixCountsFromTheNextTicket() {
        assertEquals(200, put("maple-court", "{\"ticketPrefix\":\"MPL\"}").statusCode());
        TestPorter.Started c = porter.startConversation();
        for (String step : new String[] {"I want to report a maintenance problem", "plumbing", "Apt C-204", "kitchen",
                "The tap under the sink drips all night long", "3", "yes", "no", "weekday-mornings", "chat"}) {
            porter.ask(c, step);
        }
        String reply = porter.ask(c, "submit").getString("reply");
        assertTrue(reply.matches("(?s).*MPL-\\d{4}.*"), reply);
        assertEquals(200, put("maple-court", "{\"ticketPrefix\":null}").statusCode());
        assertEquals("MC", settings("maple-court").getString("ticketPrefix"), "null: back to the default");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"ticketPrefix\":\"mc1\"}|ticketPrefix",
            "{\"timeZone\":\"Mars/Olympus\"}|time zone",
            "{\"officeHours\":{\"monday\":\"nine to five\"}}|HH:MM-HH:MM",
            "{\"officeHours\":{\"mondays\":\"09:00-17:00\"}}|mondays",
            "{\"officeHours\":{\"replyWithin\":\"soon\"}}|replyWithin",
            "{\"heatingSeason\":{\"from\":\"13-45\",\"to\":\"04-30\"}}|date",
            "{\"heatingSeason\":{\"from\":\"10-01\"}}|heatingSeason",
            "{\"phoneRegion\":\"XX\"}|phoneRegion",
            "{\"emergencyLine\":\"call Bob\"}|emergencyLine",
            "{\"emergencyLine\":[\"911\"]}|emergencyLine",
            "{\"wifiPassword\":\"x\"}|unknown setting wifiPassword",
            "{\"notify\":{\"emergency\":[\"not an address\"]}}|e-mail",
            "{\"notify\":{\"urgent\":[\"a@firm.example\"]}}|notify.urgent",
            "{\"ticketPrefix\":\"OK\",\"timeZone\":\"Nowhere\"}|time zone",
    })
    void anInvalidValueIsA400ThatSaysWhatIsWrongAndChangesNothing(String body, String words) {
        JsonObject before = settings("maple-court");
        HttpResponse<String> r = put("maple-court", body);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains(words), r.body());
        JsonObject after = settings("maple-court");
        assertEquals(before, after);
    }

    @Test
    void aPropertyAddedThroughTheApiIsFlaggedAndItsTenantsAreToldToCallEmergencyServicesFirst() {
        assertEquals(201, porter.adminPost("/api/admin/v1/properties",
                "{\"id\":\"oak-hill\",\"name\":\"Oak Hill Lofts\"}").statusCode());
        JsonObject s = settings("oak-hill");
        assertTrue(s.getBoolean("emergencyLineMissing"));
        assertTrue(s.getJsonArray("warnings").getString(0).startsWith("No emergency line"), s.toString());
        assertEquals("OH", s.getString("ticketPrefix"));
        String list = porter.adminGet("/api/admin/v1/properties/oak-hill").body();
        assertTrue(list.contains("\"emergencyLineMissing\":true"), list);

        String reply = porter.ask(porter.startConversation("oak-hill", null), "I smell gas").getString("reply");
        assertTrue(reply.startsWith("If anyone is in danger, call 911 now."), reply);
        assertFalse(reply.contains("emergency line at") || reply.contains("{emergencyLine}"), reply);

        assertEquals(200, put("oak-hill", "{\"emergencyLine\":\"(312) 555-0111\",\"office\":\"(312) 555-0100\"}")
                .statusCode());
        String now = porter.ask(porter.startConversation("oak-hill", null), "I smell gas").getString("reply");
        assertTrue(now.contains("Then call the emergency line at (312) 555-0111."), now);
        assertFalse(settings("oak-hill").getBoolean("emergencyLineMissing"));
    }

    @Test
    void propertiesAndUnitsAreRenamedAndTenantsSeeTheNewName() {
        assertEquals(201, porter.adminPost("/api/admin/v1/properties",
                "{\"id\":\"river-view\",\"name\":\"River View\"}").statusCode());
        assertEquals(201, porter.adminPost("/api/admin/v1/properties/river-view/units", "{\"id\":\"2A\"}").statusCode());
        HttpResponse<String> renamed = patch("/api/admin/v1/properties/river-view", "{\"name\":\"Riverside Court\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        HttpResponse<String> unit = patch("/api/admin/v1/properties/river-view/units/2A",
                "{\"name\":\"Apartment 2A, second floor\"}");
        assertEquals(200, unit.statusCode(), unit.body());
        String property = porter.adminGet("/api/admin/v1/properties/river-view").body();
        assertTrue(property.contains("Riverside Court") && property.contains("Apartment 2A, second floor"), property);
        assertEquals(404, patch("/api/admin/v1/properties/river-view/units/9Z", "{\"name\":\"x\"}").statusCode());
        assertEquals(400, patch("/api/admin/v1/properties/river-view", "{\"name\":\"\"}").statusCode());
        String hello = porter.ask(porter.startConversation("river-view", null), "Hello").getString("reply");
        assertTrue(hello.contains("Riverside Court"), hello);
        String log = audit();
        assertTrue(log.contains("\"portfolio.property.renamed\"") && log.contains("\"portfolio.unit.renamed\""), log);
    }

    @Test
    void notificationAddressesOfAPropertyAreItsLinesOfTheRoutingTable() {
        HttpResponse<String> r = put("maple-court",
                "{\"notify\":{\"emergency\":[\"mc-oncall@firm.example\"],\"tenantRequest\":[\"mc-office@firm.example\"]}}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject notify = TestPorter.json(r.body()).getJsonObject("notify");
        assertEquals("mc-oncall@firm.example", notify.getJsonArray("emergency").getString(0));
        assertEquals("mc-office@firm.example", notify.getJsonArray("tenantRequest").getString(0));
        String routes = porter.adminGet("/api/admin/v1/notifications").body();
        assertTrue(routes.contains("mc-oncall@firm.example") && routes.contains("\"propertyId\":\"maple-court\""),
                routes);
        assertEquals(200, put("maple-court", "{\"notify\":{\"emergency\":[]}}").statusCode());
        JsonObject left = settings("maple-court").getJsonObject("notify");
        assertEquals(0, left.getJsonArray("emergency").size());
        assertEquals(1, left.getJsonArray("tenantRequest").size(), "a priority not named is kept");
    }
}
