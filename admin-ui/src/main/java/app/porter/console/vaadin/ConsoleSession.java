package app.porter.console.vaadin;

import java.util.Optional;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;

import app.porter.access.AdminPrincipal;
import app.porter.audit.AuditLog;

/**
 * Who is signed in to this browser session, kept in the {@link VaadinSession}. Signing in and out is audited
 * with the token's id, never the token.
 */
final class ConsoleSession {

    static final String SIGNED_IN = "console.signed-in";
    static final String SIGNED_OUT = "console.signed-out";

    private ConsoleSession() {
    }

    static Optional<AdminPrincipal> principal() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(AdminPrincipal.class));
    }

    /** Signs {@code principal} in, under a new session id so that a session id planted before sign-in is worthless. */
    static void signIn(AdminPrincipal principal, AuditLog audit) {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null) {
            VaadinService.reinitializeSession(request);
        }
        VaadinSession.getCurrent().setAttribute(AdminPrincipal.class, principal);
        audit.append(principal.name(), SIGNED_IN, principal.tokenId());
    }

    /** Forgets the principal and ends the HTTP session. */
    static void signOut(AuditLog audit) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return;
        }
        AdminPrincipal principal = session.getAttribute(AdminPrincipal.class);
        if (principal != null) {
            audit.append(principal.name(), SIGNED_OUT, principal.tokenId());
        }
        session.setAttribute(AdminPrincipal.class, null);
        session.getSession().invalidate();
    }
}
