package app.porter.access;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

import app.porter.errors.NotPermitted;

/**
 * A member of staff doing something: who (as the audit log names them) and in which role. The admin API makes one
 * from a bearer token, the console from the signed-in user; every staff action in a service takes one, checks its
 * role there and audits it under {@link #who()}, so both ways in are held to the same rule and audited once.
 *
 * @param who  the name the audit log records, e.g. {@code bootstrap} or {@code alex}
 * @param role what this actor may do
 * @param displayName how tenants see this person when they answer them ("Alex Kim"); {@code who} when unknown
 */
public record Actor(String who, Role role, String displayName) {

    public Actor {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("an actor needs a name");
        }
        Objects.requireNonNull(role, "role");
        if (displayName == null || displayName.isBlank()) {
            displayName = who;
        }
    }

    /** An actor known by its name alone. */
    public Actor(String who, Role role) {
        this(who, role, who);
    }

    /**
     * This actor, when it holds one of {@code roles}.
     *
     * @param what the action, for the refusal: "adding documents" → "adding documents needs the admin role"
     * @throws NotPermitted otherwise
     */
    public Actor require(String what, Role... roles) {
        for (Role allowed : roles) {
            if (allowed == role) {
                return this;
            }
        }
        throw new NotPermitted(what + " needs the " + Arrays.stream(roles).map(Role::id)
                .collect(Collectors.joining(" or ")) + " role");
    }
}
