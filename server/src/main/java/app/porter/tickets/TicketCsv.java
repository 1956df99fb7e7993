package app.porter.tickets;

import java.util.List;

/**
 * Tickets as CSV (RFC 4180) for the office's spreadsheet. A cell that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) gets a leading apostrophe: ticket text comes from tenants.
 */
public final class TicketCsv {

    public static final String HEADER = "reference,property,status,created_at,category,urgency,unit,location,"
            + "description,entry_permitted,pets,access_window,contact,phone,email,language,staff_summary";

    private TicketCsv() {
    }

    public static String write(List<Ticket> tickets) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (Ticket t : tickets) {
            Ticket.Details d = t.details();
            List<String> cells = List.of(t.reference(), t.propertyId(), t.status(), t.createdAt().toString(),
                    t.category(), t.urgency(), nz(d.unit()), nz(d.location()), nz(d.description()),
                    yesNo(t.entryPermitted()), yesNo(t.pets()), nz(d.window()), nz(t.contact()), nz(d.phone()),
                    nz(d.email()), t.language(), nz(d.staffSummary()));
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(cell(cells.get(i)));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String yesNo(Boolean value) {
        return value == null ? "" : value ? "yes" : "no";
    }
}
