package app.porter.privacy;

import app.porter.errors.NotFound;

/** A data-subject request named something Porter does not hold (an unknown or already erased id). */
public final class RecordNotFoundException extends NotFound {
    public RecordNotFoundException(String message) {
        super(message);
    }
}
