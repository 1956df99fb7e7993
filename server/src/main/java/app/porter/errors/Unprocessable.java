package app.porter.errors;

/**
 * The request is well-formed but its content cannot be used (an encrypted PDF, a file with no text): answered 422.
 */
public class Unprocessable extends DomainException {

    public Unprocessable(String message) {
        super("unprocessable", message);
    }

    /** With a more specific error code than {@code unprocessable}, for callers that tell cases apart. */
    public Unprocessable(String error, String message) {
        super(error, message);
    }
}
