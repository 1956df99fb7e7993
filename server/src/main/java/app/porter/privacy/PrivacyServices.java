package app.porter.privacy;

import java.util.List;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.errors.InvalidInput;

/**
 * Everything privacy offers the admin API and the console, in one place, so that both go through the same
 * audited services.
 *
 * @param wrappedKeyTables the tables that hold wrapped data keys (what a KEK rotation rewraps)
 */
public record PrivacyServices(KeyRing keys, List<KeyRing.WrappedKeyTable> wrappedKeyTables, ApplianceKey applianceKey,
                              Retention retention, DataSubjectRequests requests, PrivacyNotices notices,
                              Redactor redactor, AuditLog audit) {

    public PrivacyServices {
        wrappedKeyTables = List.copyOf(wrappedKeyTables);
    }

    /** Longest stated reason kept in the audit log. */
    public static final int MAX_REASON_CHARS = 500;

    /**
     * A staff member's stated reason as it goes into the audit log: required, bounded, with personal data
     * redacted (a reason like "tenant Jane Roe, 555-0100, asked" must not put her number in the log).
     *
     * @throws InvalidInput when missing or too long
     */
    public String statedReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("state a reason (\"reason\"): reads and changes of tenant data are"
                    + " audited with it");
        }
        if (reason.length() > MAX_REASON_CHARS) {
            throw new InvalidInput("the reason may be at most " + MAX_REASON_CHARS + " characters");
        }
        return redactor.redact(reason.strip()).text();
    }

    /**
     * Rotates the key-encryption key: every data key is rewrapped, no message re-encrypted. Needs the admin role;
     * audited.
     */
    public KeyRing.Rotation rotateKek(Actor actor) {
        actor.require("rotating keys", Role.ADMIN);
        KeyRing.Rotation rotation = keys.rotate(wrappedKeyTables);
        audit.append(actor.who(), "privacy.kek.rotated", "v" + rotation.toVersion(),
                "v" + rotation.fromVersion() + " -> v" + rotation.toVersion() + ", " + rotation.rewrapped()
                        + " data keys rewrapped");
        return rotation;
    }
}
