package app.porter.errors;

/**
 * A request Porter refuses for a reason the caller can act on: an unknown id, bad input, a missing role, a clash
 * with what is there. Services throw these; the admin API and the tenant API answer each kind with one status
 * ({@code http/ApiErrors}), and the console shows the message. The message is written for the person who made the
 * request and never quotes request content: it goes to clients as it is.
 *
 * <p>One subclass per answer, so a service says what happened and not which HTTP status it wants.
 */
public abstract class DomainException extends RuntimeException {

    private final String error;

    protected DomainException(String error, String message) {
        super(message, null, false, false); // an expected outcome, not a bug: no stack trace to build or log
        if (error == null || !error.matches("[a-z_]+")) {
            throw new IllegalArgumentException("an error code is lower_snake_case: " + error);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a message for the caller");
        }
        this.error = error;
    }

    /** The machine-readable {@code "error"} of the JSON error body, e.g. {@code not_found}. */
    public String error() {
        return error;
    }
}
