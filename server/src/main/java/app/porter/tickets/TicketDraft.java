package app.porter.tickets;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import app.porter.language.Language;


/**
 * A ticket being put together from a tenant's answers, one field at a time, in the order they were asked. Knows
 * which answers a ticket keeps where: {@code category}, {@code urgency}, {@code entry}, {@code pets},
 * {@code contact} as columns staff filter on; {@code unit}, {@code location}, {@code description},
 * {@code window}, {@code phone}, {@code email} sealed in the details; every labelled answer in the staff summary.
 * The summary is in the firm's language; what the tenant typed stays in their words.
 */
public final class TicketDraft {

    /**
     * One answer.
     *
     * @param value the answer itself (an option's value, or the tenant's own words)
     * @param display how staff read it, in the firm's language
     * @param label what was asked, in the firm's language; null for an answer the summary leaves out
     */
    private record Answer(String value, String display, String label) {
    }

    private final String propertyId;
    private final String ticketPrefix;
    private final String conversationId;
    private final Language tenantLanguage;
    private final Language firmLanguage;
    private final Map<String, Answer> answers = new LinkedHashMap<>();

    public TicketDraft(String propertyId, String ticketPrefix, String conversationId, Language tenantLanguage,
                       Language firmLanguage) {
        this.propertyId = propertyId;
        this.ticketPrefix = ticketPrefix;
        this.conversationId = conversationId;
        this.tenantLanguage = tenantLanguage;
        this.firmLanguage = firmLanguage;
    }

    /** Records the answer to the question {@code id}. */
    public TicketDraft answer(String id, String value, String display, String label) {
        answers.put(id, new Answer(value, display, label));
        return this;
    }

    public NewTicket build() {
        StringBuilder staffSummary = new StringBuilder();
        for (Answer answer : answers.values()) {
            if (answer.label() != null) {
                staffSummary.append(answer.label()).append(": ").append(answer.display()).append('\n');
            }
        }
        if (tenantLanguage != firmLanguage) {
            staffSummary.append("Tenant's language: ").append(Locale.forLanguageTag(tenantLanguage.tag())
                    .getDisplayLanguage(Locale.forLanguageTag(firmLanguage.tag()))).append(" (free text as written)");
        }
        Ticket.Details details = new Ticket.Details(value("unit"), display("location"), value("description"),
                display("window"), value("phone"), value("email"), staffSummary.toString().strip());
        return new NewTicket(propertyId, ticketPrefix, conversationId,
                answers.containsKey("category") ? value("category") : "other",
                answers.containsKey("urgency") ? value("urgency") : "routine",
                yesNo(value("entry")), yesNo(value("pets")), value("contact"), tenantLanguage.tag(), details);
    }

    private String value(String id) {
        Answer answer = answers.get(id);
        return answer == null ? null : answer.value();
    }

    private String display(String id) {
        Answer answer = answers.get(id);
        return answer == null ? null : answer.display();
    }

    private static Boolean yesNo(String value) {
        return value == null ? null : "yes".equals(value);
    }
}
