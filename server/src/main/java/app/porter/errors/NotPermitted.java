package app.porter.errors;

/**
 * The caller's role does not allow this action: answered 403. Services check roles themselves, so the console is held
 * to the same rule as the admin API.
 */
public class NotPermitted extends DomainException {

    public NotPermitted(String message) {
        super("forbidden", message);
    }

    /** With a more specific error code than {@code forbidden}, for callers that tell cases apart. */
    public NotPermitted(String error, String message) {
        super(error, message);
    }
}
