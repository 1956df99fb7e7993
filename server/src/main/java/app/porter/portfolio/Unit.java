package app.porter.portfolio;

import java.util.Objects;

import app.porter.errors.InvalidInput;

/**
 * A flat or suite of a property; its id is chosen by the firm ({@code 4B}, {@code C-204}) and is unique within
 * the property.
 *
 * @param name an optional label, e.g. "Apartment 4B, second floor"; null when the id says it all
 */
public record Unit(String propertyId, String id, String name) {

    /** Letters, digits and '-' (no '/' or spaces, so a unit id can sit in a path and in a scope key). */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,31}";

    public Unit {
        Objects.requireNonNull(propertyId, "propertyId");
        Objects.requireNonNull(id, "id");
        if (!id.matches(ID_PATTERN)) {
            throw new InvalidInput("unit id must be 1-32 letters, digits or '-', starting with a letter"
                    + " or digit");
        }
        if (name != null && (name.isBlank() || name.length() > 200)) {
            throw new InvalidInput("unit name must be 1-200 characters when given");
        }
    }
}
