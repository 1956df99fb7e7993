package app.porter.store;

import java.sql.SQLException;

/**
 * A database failure. The message names the SQLite error only; SQL parameters (which may be tenant data) are
 * never part of it.
 */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getErrorCode(), cause);
    }
}
