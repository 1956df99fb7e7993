package app.porter.flows;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

import app.porter.language.Language;

/**
 * What a hand-over to a person promises about when: inside office hours, the usual reply time; outside them, when
 * the office opens again, and an invitation to leave an e-mail address or phone number for the reply (the next
 * message is read for one: {@link Offer.Contact}). Nothing when the property names no office hours. Emergencies
 * never come here: the on-call line answers them at any hour.
 */
final class OfficeNotice {

    private OfficeNotice() {
    }

    /** {@code reply} followed by the notice, with the session's offer set when the office is closed. */
    static Decision handOver(Turn turn, FlowSession session, Texts texts, String reply, Decision.Kind kind) {
        OfficeHours hours = turn.property().officeHours();
        Language lang = turn.language();
        if (hours == null) {
            return Decision.of(new Decision.Reply(reply, kind, null, lang), session);
        }
        if (hours.isOpen(turn.now())) {
            String within = within(hours.replyWithin(), texts, lang);
            return Decision.of(new Decision.Reply(join(reply, texts.in("office-open", lang,
                    Map.of("within", within))), kind, null, lang), session);
        }
        Optional<ZonedDateTime> opens = hours.nextOpening(turn.now());
        if (opens.isEmpty()) {
            // An office with no opening hours at all promises nothing it cannot keep.
            return Decision.of(new Decision.Reply(reply, kind, null, lang), session);
        }
        String notice = texts.in("office-closed", lang, Map.of("opens", OfficeHours.format(opens.get(), lang)));
        return Decision.of(new Decision.Reply(join(reply, notice), kind, null, lang),
                session.withOffer(new Offer.Contact(lang)));
    }

    private static String join(String reply, String notice) {
        return reply.isBlank() ? notice : reply.strip() + " " + notice;
    }

    /** "2 hours", "an hour", "30 minutes" in the tenant's language. */
    static String within(Duration duration, Texts texts, Language lang) {
        long minutes = duration.toMinutes();
        if (minutes == 60) {
            return texts.in("within-one-hour", lang, Map.of());
        }
        return minutes % 60 == 0
                ? texts.in("within-hours", lang, Map.of("n", String.valueOf(minutes / 60)))
                : texts.in("within-minutes", lang, Map.of("n", String.valueOf(minutes)));
    }
}
