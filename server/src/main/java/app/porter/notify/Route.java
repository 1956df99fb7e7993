package app.porter.notify;

import java.util.Optional;

/**
 * One line of the routing table: notifications about {@code propertyId} (any, when empty) of {@code priority} (any,
 * when empty) go to {@code email}.
 *
 * @param priority one of {@link Notifications#PRIORITIES}: an escalation's priority ({@code emergency},
 *                 {@code tenant-request}, {@code flow}) or {@code ticket} for a new maintenance ticket
 */
public record Route(Optional<String> propertyId, Optional<String> priority, String email) {
    public Route {
        propertyId = propertyId.filter(p -> !p.isBlank());
        priority = priority.filter(p -> !p.isBlank());
        priority.ifPresent(p -> {
            if (!Notifications.PRIORITIES.contains(p)) {
                throw new IllegalArgumentException("priority must be one of " + String.join(", ",
                        Notifications.PRIORITIES) + " (or absent for any)");
            }
        });
        Addresses.require(email, "email");
    }

    boolean matches(Notice notice) {
        return propertyId.map(notice.propertyId()::equals).orElse(true)
                && priority.map(notice.priority()::equals).orElse(true);
    }
}
