package app.porter.errors;

/**
 * The caller's role does not allow this action: answered 403. Services check roles themselves, so the console is held
 * to the same rule as the admin API.
 */
public class NotPermitted extends DomainException {

    public NotPermitted(String message) {
        super("forbidden", message);
    }
}
