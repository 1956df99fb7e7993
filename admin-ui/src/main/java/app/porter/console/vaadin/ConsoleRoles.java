package app.porter.console.vaadin;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import app.porter.access.Actor;
import app.porter.errors.DomainException;

/**
 * The console's side of every staff action: the signed-in user as an {@link Actor}, handed to the service, which
 * checks the role and audits; a refusal (no role, unknown id, bad input) is shown with the service's message. The
 * console decides nothing itself, so it is held to the same rules as the admin API.
 */
final class ConsoleRoles {

    private ConsoleRoles() {
    }

    /** The signed-in staff member, as services take them. */
    static Optional<Actor> actor() {
        return ConsoleSession.actor();
    }

    /** Runs {@code action} as the signed-in user; empty (and a notification saying why) when it is refused. */
    static <T> Optional<T> attempt(Function<Actor, T> action) {
        Actor actor = actor().orElse(null);
        if (actor == null) {
            error("Sign in again: the session has ended");
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(action.apply(actor));
        } catch (DomainException e) {
            // Services write for the API ("no such conversation"); a notification starts a sentence.
            String message = e.getMessage();
            error(Character.toUpperCase(message.charAt(0)) + message.substring(1));
            return Optional.empty();
        }
    }

    /** {@link #attempt} for an action without a result; true when it was done. */
    static boolean run(Consumer<Actor> action) {
        return attempt(actor -> {
            action.accept(actor);
            return Boolean.TRUE;
        }).isPresent();
    }

    static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    static void done(String message) {
        Notification n = Notification.show(message, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
