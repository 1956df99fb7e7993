package app.porter.access;

import java.util.Optional;

/**
 * Who holds an admin-socket or console token, as established by {@link AdminTokens#verify}.
 *
 * @param staff the member of staff the token acts as (their username); empty for the bootstrap token. The admin
 *              socket looks the person up on every request, so a disabled account's tokens stop working at once
 *              and a changed role applies at once.
 */
public record AdminPrincipal(String tokenId, String name, Role role, Optional<String> staff) {

    /** A token that acts as nobody in particular (the bootstrap token). */
    public AdminPrincipal(String tokenId, String name, Role role) {
        this(tokenId, name, role, Optional.empty());
    }

    /** The staff member this token speaks for, as services take it. */
    public Actor actor() {
        return new Actor(name, role);
    }
}
