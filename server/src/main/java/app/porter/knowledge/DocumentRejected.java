package app.porter.knowledge;

/**
 * An uploaded file Porter will not take, with a reason written for the person who uploaded it. Nothing of a
 * rejected file is kept, and nothing else in the knowledge base changes.
 */
public final class DocumentRejected extends RuntimeException {

    /** Why, coarsely; the HTTP layer maps each to its status. */
    public enum Reason {
        /** Over the upload size limit (413). */
        TOO_LARGE,
        /** Not a format Porter reads (415). */
        UNSUPPORTED_TYPE,
        /** The format is right but the content cannot be used: encrypted, damaged, a zip bomb, no text (422). */
        UNREADABLE,
        /** The property or unit it is meant for does not exist (404). */
        UNKNOWN_SCOPE
    }

    private final Reason reason;

    public DocumentRejected(Reason reason, String message) {
        super(message, null, false, false); // an expected outcome, not a bug: no stack trace
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static DocumentRejected unreadable(String message) {
        return new DocumentRejected(Reason.UNREADABLE, message);
    }
}
