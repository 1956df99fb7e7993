package app.porter.errors;

/** What the request names does not exist (or no longer does): answered 404. */
public class NotFound extends DomainException {

    public NotFound(String message) {
        super("not_found", message);
    }

    /** With a more specific error code than {@code not_found}, for callers that tell cases apart. */
    public NotFound(String error, String message) {
        super(error, message);
    }
}
