package app.porter.staff;

import java.time.Instant;
import java.util.Optional;

import app.porter.access.Actor;
import app.porter.access.Role;

/**
 * A member of staff as the console and the admin API list them: never their password hash, second factor or codes.
 *
 * @param enrolled    whether they have an authenticator (TOTP) enrolled; without one they cannot sign in to the
 *                    console until they enrol at their first sign-in
 * @param lockedUntil when too many failed sign-ins locked the account, until when
 */
public record StaffMember(String username, String displayName, Role role, boolean enrolled, boolean disabled,
                          Optional<Instant> lockedUntil, Instant createdAt) {

    /** This person as services take them: the audit log names their username, tenants see their display name. */
    public Actor actor() {
        return new Actor(username, role, displayName);
    }
}
