package app.porter.errors;

/** What the request names does not exist (or no longer does): answered 404. */
public class NotFound extends DomainException {

    public NotFound(String message) {
        super("not_found", message);
    }
}
