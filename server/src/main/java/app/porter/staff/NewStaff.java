package app.porter.staff;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import app.porter.access.Role;
import app.porter.errors.InvalidInput;

/**
 * A member of staff to add. The username is what the audit log records; the display name is what tenants see when
 * this person answers them.
 */
public record NewStaff(String username, String displayName, Role role, String password) {

    /** Names the audit log already uses for what is not a person. */
    static final Set<String> RESERVED = Set.of("bootstrap", "system", "tenant");

    public NewStaff {
        Objects.requireNonNull(role, "role");
        username = checkUsername(username);
        if (displayName == null || displayName.isBlank() || displayName.strip().length() > 80) {
            throw new InvalidInput("a display name is 1 to 80 characters");
        }
        displayName = displayName.strip();
        checkPassword(password);
    }

    /** A username in its stored form (lower case): 2 to 32 of a-z, 0-9, '.', '_', '-'. */
    static String checkUsername(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9][a-z0-9._-]{1,31}")) {
            throw new InvalidInput("a username is 2 to 32 letters, digits, '.', '_' or '-', starting with a letter"
                    + " or digit");
        }
        if (RESERVED.contains(name)) {
            throw new InvalidInput("that username is reserved");
        }
        return name;
    }

    /**
     * Length is what makes a password hard to guess, so the rule is length alone (NIST SP 800-63B): 12 to 128
     * characters.
     */
    static void checkPassword(String password) {
        if (password == null || password.length() < 12 || password.length() > 128) {
            throw new InvalidInput("a password is 12 to 128 characters");
        }
    }
}
