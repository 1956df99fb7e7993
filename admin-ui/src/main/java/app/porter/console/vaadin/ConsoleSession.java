package app.porter.console.vaadin;

import java.util.Optional;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.audit.AuditLog;

/**
 * Who is signed in to this browser session, kept in the {@link VaadinSession}: a member of staff, signed in with
 * their password and second factor. Signing in and out is audited under their username with how they signed in,
 * never with what they typed.
 *
 * <p>Two steps before that are kept here too: the bootstrap token was accepted (the first admin may be set up), and
 * a person's password was accepted but they have no authenticator yet (they may enrol one).
 */
final class ConsoleSession {

    static final String SIGNED_IN = "console.signed-in";
    static final String SIGNED_OUT = "console.signed-out";
    private static final String SETUP_ALLOWED = "console.setup-allowed";
    private static final String PENDING_ENROLMENT = "console.pending-enrolment";

    private ConsoleSession() {
    }

    static Optional<AdminPrincipal> principal() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(AdminPrincipal.class));
    }

    /** The signed-in person as services take them (username for the audit log, display name for tenants). */
    static Optional<Actor> actor() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(Actor.class));
    }

    /**
     * Signs {@code actor} in, under a new session id so that a session id planted before sign-in is worthless.
     *
     * @param method how they proved who they are ("password+totp", "first-admin-set-up" ...), for the audit log
     */
    static void signIn(Actor actor, String method, AuditLog audit) {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null) {
            VaadinService.reinitializeSession(request);
        }
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(SETUP_ALLOWED, null);
        session.setAttribute(PENDING_ENROLMENT, null);
        session.setAttribute(Actor.class, actor);
        session.setAttribute(AdminPrincipal.class, new AdminPrincipal(method, actor.who(), actor.role(),
                Optional.of(actor.who())));
        audit.append(actor.who(), SIGNED_IN, actor.who(), method);
    }

    /** Forgets the person and ends the HTTP session. */
    static void signOut(AuditLog audit) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return;
        }
        Actor actor = session.getAttribute(Actor.class);
        if (actor != null) {
            audit.append(actor.who(), SIGNED_OUT, actor.who());
        }
        session.setAttribute(Actor.class, null);
        session.setAttribute(AdminPrincipal.class, null);
        session.getSession().invalidate();
    }

    /** The bootstrap token was given while no account exists: this session may set up the first admin. */
    static void allowSetUp() {
        VaadinSession.getCurrent().setAttribute(SETUP_ALLOWED, Boolean.TRUE);
    }

    static boolean setUpAllowed() {
        VaadinSession session = VaadinSession.getCurrent();
        return session != null && Boolean.TRUE.equals(session.getAttribute(SETUP_ALLOWED));
    }

    /** {@code username}'s password was right and they have no authenticator: this session may enrol one for them. */
    static void pendingEnrolment(String username) {
        VaadinSession.getCurrent().setAttribute(PENDING_ENROLMENT, username);
    }

    static Optional<String> pendingEnrolment() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty()
                : Optional.ofNullable((String) session.getAttribute(PENDING_ENROLMENT));
    }
}
