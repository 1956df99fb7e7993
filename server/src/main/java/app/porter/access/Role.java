package app.porter.access;

import java.util.Locale;

/** What an admin-socket token may do. */
public enum Role {
    /** Everything, including users, models and retention. */
    ADMIN,
    /** Staff who answer escalations and read the conversations handed to them. */
    AGENT,
    /** Reads the audit log and verifies it; changes nothing. */
    AUDITOR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
