package app.porter.notify;

import java.time.Duration;
import java.time.Instant;

import app.porter.escalation.Escalation;
import app.porter.tickets.Ticket;

/**
 * The words of each notification. An e-mail leaves the appliance, so a notice is made only of references, ids,
 * option values (a ticket's category and urgency, an emergency's kind), times and links to the console: never the
 * tenant's messages, unit, contact details or the staff summary built from them. Staff read those in the console,
 * where reading is audited.
 */
final class Notices {

    private static final String FOOTER = "\nWhat the tenant wrote is not in this e-mail: open it in the console.\n";

    private final String consoleUrl;

    Notices(String consoleUrl) {
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    }

    Notice raised(Escalation e) {
        boolean emergency = "emergency".equals(e.reason());
        String what = emergency ? "EMERGENCY" + (e.kind() == null ? "" : " (" + oneLine(e.kind()) + ")")
                : "tenant-request".equals(e.reason()) ? "A tenant asked for a person" : "A conversation needs staff";
        String body = (emergency
                ? "An emergency was detected in a tenant conversation. The tenant was given the property's safety"
                + " instructions and numbers; on-call staff should follow up now.\n"
                : "A conversation was handed to staff.\n")
                + "\n" + escalationFacts(e)
                + "\nOpen it in the console:\n" + consoleUrl + "escalations\n" + FOOTER;
        return new Notice(e.propertyId(), e.reason(), "[Porter] " + what + " at " + oneLine(e.propertyId()), body);
    }

    Notice breached(Escalation e, Instant now) {
        Duration waiting = Duration.between(e.createdAt(), now);
        String body = "An escalation has waited longer than its SLA for a first answer from staff.\n"
                + "\n" + escalationFacts(e)
                + line("Waiting", waiting.toMinutes() + " minutes")
                + "\nOpen it in the console:\n" + consoleUrl + "escalations\n" + FOOTER;
        return new Notice(e.propertyId(), e.reason(), "[Porter] SLA missed: " + oneLine(e.reason())
                + " escalation at " + oneLine(e.propertyId()), body);
    }

    Notice created(Ticket t) {
        String body = "A tenant opened a maintenance ticket.\n\n"
                + line("Reference", t.reference())
                + line("Property", t.propertyId())
                + line("Category", t.category())
                + line("Urgency", t.urgency())
                + line("Opened at", t.createdAt().toString())
                + "\nOpen it in the console:\n" + consoleUrl + "tickets\n" + FOOTER;
        return new Notice(t.propertyId(), "ticket", "[Porter] New ticket " + oneLine(t.reference()) + " ("
                + oneLine(t.category()) + ", " + oneLine(t.urgency()) + ") at " + oneLine(t.propertyId()), body);
    }

    private static String escalationFacts(Escalation e) {
        return line("Property", e.propertyId())
                + line("Priority", e.reason())
                + (e.kind() == null ? "" : line("What", e.kind()))
                + line("Raised at", e.createdAt().toString())
                + line("Escalation", e.id());
    }

    private static String line(String label, String value) {
        return String.format("%-11s %s%n", label + ":", value == null ? "-" : oneLine(value));
    }

    /** Values are ids and option values, but a subject must stay one line whatever comes in. */
    private static String oneLine(String value) {
        return value == null ? "-" : value.replaceAll("[\\r\\n\\t]+", " ");
    }
}
