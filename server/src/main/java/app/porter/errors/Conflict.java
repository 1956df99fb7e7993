package app.porter.errors;

/** The request clashes with what is there (an id that exists, a legal hold): answered 409. */
public class Conflict extends DomainException {

    public Conflict(String message) {
        super("conflict", message);
    }

    /** With a more specific error code than {@code conflict}, for callers that tell cases apart. */
    public Conflict(String error, String message) {
        super(error, message);
    }
}
