package app.porter.crypto;

/** A ciphertext failed authentication: it was altered, moved to another row, or belongs to another key. */
public final class TamperedDataException extends RuntimeException {
    public TamperedDataException(String message) {
        super(message);
    }
}
