package app.porter.privacy;

import java.util.Locale;

import app.porter.errors.InvalidInput;

/**
 * The classes of data a retention policy covers, each with a default and the range an admin may set, in days.
 * The audit log cannot be set below a year: an admin must not be able to erase the record of their own actions
 * by shortening its retention.
 */
public enum DataClass {
    CONVERSATIONS("conversations", "Conversations (messages and their keys)", 365, 1),
    ESCALATIONS("escalations", "Escalations to staff", 365, 1),
    MAINTENANCE_TICKETS("maintenance-tickets", "Maintenance tickets", 730, 1),
    FEEDBACK("feedback", "Feedback on answers", 365, 1),
    AUDIT_LOG("audit-log", "Audit log", 2555, 365),
    KNOWLEDGE_VERSIONS("knowledge-versions", "Superseded knowledge-base versions", 365, 1);

    /** Ten years: longer is almost certainly a typo (days entered as hours, an extra zero). */
    public static final int MAX_DAYS = 3650;

    private final String id;
    private final String label;
    private final int defaultDays;
    private final int minDays;

    DataClass(String id, String label, int defaultDays, int minDays) {
        this.id = id;
        this.label = label;
        this.defaultDays = defaultDays;
        this.minDays = minDays;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public int defaultDays() {
        return defaultDays;
    }

    public int minDays() {
        return minDays;
    }

    /** @throws InvalidInput naming the known classes */
    public static DataClass fromId(String id) {
        for (DataClass c : values()) {
            if (c.id.equals(id.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new InvalidInput("unknown data class \"" + id.replaceAll("[^A-Za-z0-9-]", "?")
                + "\"; known: conversations, escalations, maintenance-tickets, feedback, audit-log, knowledge-versions");
    }

    /** @throws InvalidInput when {@code days} is outside {@link #minDays()}..{@link #MAX_DAYS} */
    public void checkDays(long days) {
        if (days < minDays || days > MAX_DAYS) {
            throw new InvalidInput(id + " retention must be " + minDays + "-" + MAX_DAYS + " days, was "
                    + days);
        }
    }
}
