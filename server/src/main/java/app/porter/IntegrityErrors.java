package app.porter;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import io.helidon.webserver.http.HttpRouting;

import app.porter.audit.AuditLog;
import app.porter.crypto.TamperedDataException;
import app.porter.http.JsonResponses;

/**
 * A ciphertext that fails authentication (altered on disk, moved to another row) is an integrity failure of the
 * store, not a bug: the caller gets a plain 500 that says so, and the audit log records where it happened. Both
 * sockets register it; it lives here, not in {@code http}, because it writes to the audit log and {@code http}
 * depends on no feature.
 */
final class IntegrityErrors {

    /** Porter's own logger, as before this handler had a class of its own: operators filter on that name. */
    private static final Logger LOG = System.getLogger(Porter.class.getName());

    private IntegrityErrors() {
    }

    static void register(HttpRouting.Builder routing, AuditLog audit) {
        routing.error(TamperedDataException.class, (req, res, e) -> {
            String path = req.path().absolute().path().replaceAll("[^A-Za-z0-9/_-]", "?");
            LOG.log(Level.WARNING, "integrity check failed for " + path);
            audit.append("system", "privacy.integrity.failed", path.length() > 200 ? path.substring(0, 200) : path);
            JsonResponses.error(res, 500, "integrity_error", "stored data failed its integrity check (it was altered"
                    + " or damaged); the office can see this in the audit log");
        });
    }
}
