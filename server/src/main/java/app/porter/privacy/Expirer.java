package app.porter.privacy;

import java.time.Instant;

/**
 * What a feature does for retention: counts and purges its data of one class older than a cutoff. Features
 * implement it over their own tables (chat for conversations, audit for the audit log); classes without an
 * expirer yet are shown in the policy but have nothing to purge.
 */
public interface Expirer {

    DataClass dataClass();

    /** How many items were last active before {@code cutoff} and are not held. */
    long countExpired(Instant cutoff);

    /** Purges them (keys first, then rows); returns how many. */
    long purgeExpired(Instant cutoff);
}
