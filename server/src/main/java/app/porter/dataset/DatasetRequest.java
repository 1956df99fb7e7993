package app.porter.dataset;

import java.time.LocalDate;

import app.porter.errors.InvalidInput;

/**
 * What to export: conversations started on {@code from} .. {@code to} (inclusive, UTC days; null for open ends),
 * of one property or (null) the whole portfolio, split by {@code seed}, for a stated {@code reason} (audited).
 */
public record DatasetRequest(LocalDate from, LocalDate to, String propertyId, long seed, String reason) {

    public static final long DEFAULT_SEED = 42;

    public DatasetRequest {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("a dataset export needs a stated reason (it is audited)");
        }
        if (reason.length() > 500) {
            throw new InvalidInput("the reason is longer than 500 characters");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidInput("'to' is before 'from'");
        }
        if (propertyId != null && propertyId.isBlank()) {
            propertyId = null;
        }
    }
}
