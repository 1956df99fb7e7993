package app.porter.privacy;

/** A data-subject request named something Porter does not hold (an unknown or already erased id). */
public final class RecordNotFoundException extends RuntimeException {
    public RecordNotFoundException(String message) {
        super(message, null, false, false);
    }
}
