package app.porter.access;

/** Who holds an admin-socket or console token, as established by {@link AdminTokens#verify}. */
public record AdminPrincipal(String tokenId, String name, Role role) {

    /** The staff member this token speaks for, as services take it. */
    public Actor actor() {
        return new Actor(name, role);
    }
}
