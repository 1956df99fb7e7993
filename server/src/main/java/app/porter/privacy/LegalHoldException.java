package app.porter.privacy;

/** An erasure was refused because the record is under legal hold; the hold must be released first. */
public final class LegalHoldException extends RuntimeException {
    public LegalHoldException(String message) {
        super(message, null, false, false);
    }
}
