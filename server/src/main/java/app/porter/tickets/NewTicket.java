package app.porter.tickets;

import java.util.Objects;

/** What a flow hands over to open a ticket. */
public record NewTicket(String propertyId, String ticketPrefix, String conversationId, String category,
                        String urgency, Boolean entryPermitted, Boolean pets, String contact, String language,
                        Ticket.Details details) {
    public NewTicket {
        Objects.requireNonNull(propertyId, "propertyId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(details, "details");
        if (!ticketPrefix.matches("[A-Z]{1,5}")) {
            throw new IllegalArgumentException("ticket prefix must be 1-5 capital letters");
        }
    }
}
