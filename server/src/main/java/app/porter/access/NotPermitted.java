package app.porter.access;

/**
 * A caller tried a change their role does not allow. Services check this themselves, so the console (which calls
 * the services directly) is held to the same rule as the admin API.
 */
public final class NotPermitted extends RuntimeException {

    public NotPermitted(String message) {
        super(message, null, false, false);
    }

    /** Throws unless {@code principal} holds {@link Role#ADMIN}. */
    public static void requireAdmin(AdminPrincipal principal, String what) {
        if (principal == null || principal.role() != Role.ADMIN) {
            throw new NotPermitted(what + " needs the admin role");
        }
    }
}
