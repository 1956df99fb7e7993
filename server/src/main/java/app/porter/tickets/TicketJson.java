package app.porter.tickets;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * A ticket as JSON: one shape for the admin API, the webhook and the tenant's data export, so an office that reads
 * one of them can read all three.
 */
public final class TicketJson {

    private TicketJson() {
    }

    public static JsonObjectBuilder json(Ticket t) {
        Ticket.Details d = t.details();
        JsonObjectBuilder details = Json.createObjectBuilder();
        put(details, "unit", d.unit());
        put(details, "location", d.location());
        put(details, "description", d.description());
        put(details, "accessWindow", d.window());
        put(details, "phone", d.phone());
        put(details, "email", d.email());
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("reference", t.reference())
                .add("propertyId", t.propertyId())
                .add("status", t.status())
                .add("category", t.category())
                .add("urgency", t.urgency())
                .add("contact", t.contact() == null ? "" : t.contact())
                .add("language", t.language())
                .add("createdAt", t.createdAt().toString())
                .add("updatedAt", t.updatedAt().toString())
                .add("details", details);
        put(json, "staffSummary", d.staffSummary());
        put(json, "conversationId", t.conversationId());
        if (t.entryPermitted() != null) {
            json.add("entryPermitted", t.entryPermitted());
        }
        if (t.pets() != null) {
            json.add("pets", t.pets());
        }
        return json;
    }

    private static void put(JsonObjectBuilder json, String key, String value) {
        if (value != null) {
            json.add(key, value);
        }
    }
}
