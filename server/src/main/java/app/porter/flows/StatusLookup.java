package app.porter.flows;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

import app.porter.language.Language;
import app.porter.tickets.Ticket;
import app.porter.tickets.Tickets;

/**
 * "What's the status of MC-1001?": a ticket of this conversation is answered at once; another conversation's (or
 * none) only after the tenant names the apartment, and "not found" reads the same for a wrong apartment and an
 * unknown number, so references cannot be probed.
 */
final class StatusLookup {

    private final Tickets tickets;
    private final FlowSteps steps;

    StatusLookup(Tickets tickets, FlowSteps steps) {
        this.tickets = tickets;
        this.steps = steps;
    }

    /** Whether the message names a ticket reference with this property's prefix. */
    static boolean mentionsReference(Message message, PropertySettings property) {
        return reference(message, property).isPresent();
    }

    static Optional<String> reference(Message message, PropertySettings property) {
        Matcher m = Tickets.REFERENCE.matcher(message.text());
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(property.ticketPrefix())) {
                return Optional.of(property.ticketPrefix() + "-" + m.group(2));
            }
        }
        return Optional.empty();
    }

    /** Answers a status question, or asks for what it lacks (the reference, or the apartment). */
    Decision lookup(Turn turn, FlowSession session) {
        Language lang = turn.language();
        Texts texts = steps.texts();
        Map<String, String> values = turn.property().placeholders();
        Optional<String> reference = reference(turn.message(), turn.property());
        if (reference.isEmpty()) {
            List<Ticket> own = tickets.ofConversation(turn.conversationId());
            if (!own.isEmpty()) {
                return Decision.of(FlowSteps.reply(statusText(own.getFirst(), lang), null, lang), session);
            }
            return Decision.of(FlowSteps.reply(texts.in("status.ask-reference", lang, values), null, lang),
                    session.withOffer(Offer.STATUS_REFERENCE));
        }
        Optional<Ticket> ticket = tickets.find(reference.get());
        if (ticket.isPresent() && turn.conversationId().equals(ticket.get().conversationId())) {
            return Decision.of(FlowSteps.reply(statusText(ticket.get(), lang), null, lang), session);
        }
        Map<String, String> withRef = new HashMap<>(values);
        withRef.put("reference", reference.get());
        return Decision.of(FlowSteps.reply(texts.in("status.ask-unit", lang, withRef), null, lang),
                session.withOffer(new Offer.StatusUnit(reference.get())));
    }

    /** The apartment the tenant named for {@code offer}'s ticket; empty when the message names none. */
    Optional<Decision> withUnit(Turn turn, FlowSession session, Offer.StatusUnit offer) {
        Optional<String> unit = Slots.unit(turn.message().text());
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        Language lang = turn.language();
        Optional<Ticket> ticket = tickets.find(offer.reference()).filter(t -> t.propertyId().equals(turn.propertyId()))
                .filter(t -> sameUnit(unit.get(), t.details().unit()));
        if (ticket.isEmpty()) {
            Map<String, String> values = new HashMap<>(turn.property().placeholders());
            values.put("reference", offer.reference());
            return Optional.of(Decision.of(FlowSteps.reply(steps.texts().in("status.not-found", lang, values), null,
                    lang), session));
        }
        return Optional.of(Decision.of(FlowSteps.reply(statusText(ticket.get(), lang), null, lang), session));
    }

    private static boolean sameUnit(String a, String b) {
        return b != null && a.replaceAll("[^A-Za-z0-9]", "").equalsIgnoreCase(b.replaceAll("[^A-Za-z0-9]", ""));
    }

    private String statusText(Ticket ticket, Language lang) {
        FlowDefinition flow = steps.flow(ticket.propertyId(), FlowLibrary.MAINTENANCE);
        Map<String, String> values = new HashMap<>();
        values.put("reference", ticket.reference());
        values.put("status", steps.texts().get("status.values." + ticket.status()).in(lang));
        values.put("category", flow.steps().containsKey("category")
                ? steps.slots().display(flow.step("category"), ticket.category(), lang) : ticket.category());
        values.put("date", DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(Locale.forLanguageTag(lang.tag()))
                .format(LocalDate.ofInstant(ticket.createdAt(), ZoneId.systemDefault())));
        return steps.texts().in("status.answer", lang, values);
    }
}
