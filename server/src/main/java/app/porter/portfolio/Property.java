package app.porter.portfolio;

import java.util.Objects;

import app.porter.errors.InvalidInput;

/** A building or complex the firm manages; its id is chosen by the firm, e.g. {@code maple-court}. */
public record Property(String id, String name) {

    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";

    public Property {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (!id.matches(ID_PATTERN)) {
            throw new InvalidInput("property id must be 1-64 lowercase letters, digits or '-'");
        }
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidInput("property name must be 1-200 characters");
        }
    }
}
