package app.porter.analytics;

import java.time.Instant;
import java.util.regex.Pattern;

import app.porter.language.Language;
import app.porter.portfolio.Property;

/**
 * One small fact, as stored: never anything a tenant wrote, never a conversation id.
 *
 * @param at when it happened (stored to the hour, with the appliance's local day)
 * @param propertyId the property, or null when unknown
 * @param language the tenant's language, or null when unknown
 * @param detail an enum-like value from Porter's own code (an {@link AnswerKind}, an escalation reason, an emergency
 *               kind), or null; anything else is refused (stored as {@code other})
 * @param value a number (latency in ms, a CSAT score), or null
 */
public record AnalyticsEvent(Instant at, String propertyId, EventKind kind, Language language, String detail,
                             Long value) {

    /** Lower-case words and hyphens, short: an identifier, never a sentence. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern PROPERTY = Pattern.compile(Property.ID_PATTERN);

    public AnalyticsEvent {
        if (detail != null && !IDENTIFIER.matcher(detail).matches()) {
            detail = "other";
        }
        if (propertyId != null && !PROPERTY.matcher(propertyId).matches()) {
            propertyId = null;
        }
    }
}
