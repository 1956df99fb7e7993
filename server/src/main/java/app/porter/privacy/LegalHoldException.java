package app.porter.privacy;

import app.porter.errors.Conflict;

/** An erasure was refused because the record is under legal hold; the hold must be released first. */
public final class LegalHoldException extends Conflict {
    public LegalHoldException(String message) {
        super("legal_hold", message);
    }
}
