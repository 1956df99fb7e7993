package app.porter.console.vaadin;

import java.util.Arrays;
import java.util.Set;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import app.porter.access.AdminPrincipal;
import app.porter.access.Role;

/** The same role rules as the admin API, for console actions. */
final class ConsoleRoles {

    private ConsoleRoles() {
    }

    /** The signed-in principal when it has one of {@code roles}; otherwise says so and returns null. */
    static AdminPrincipal require(Role... roles) {
        AdminPrincipal principal = ConsoleSession.principal().orElse(null);
        if (principal == null || !Set.of(roles).contains(principal.role())) {
            error("This needs the role " + String.join(" or ", Arrays.stream(roles).map(Role::id).toList()));
            return null;
        }
        return principal;
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
