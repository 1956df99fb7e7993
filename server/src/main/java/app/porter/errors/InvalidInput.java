package app.porter.errors;

/** The request's input is not valid (a malformed id, a number out of range, a missing reason): answered 400. */
public class InvalidInput extends DomainException {

    public InvalidInput(String message) {
        super("bad_request", message);
    }

    /** With a more specific error code than {@code bad_request}, for callers that tell cases apart. */
    public InvalidInput(String error, String message) {
        super(error, message);
    }
}
