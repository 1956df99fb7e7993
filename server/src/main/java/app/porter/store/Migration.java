package app.porter.store;

import java.util.Objects;

/**
 * One versioned schema change owned by a feature. Versions count up from 1 per feature; a migration that has
 * run is never edited, only followed by a new one.
 *
 * @param feature the owning feature, e.g. {@code chat}
 * @param version 1, 2, 3 ... within the feature
 * @param resource classpath resource holding the SQL statements, separated by {@code ;}
 */
public record Migration(String feature, int version, String resource) {
    public Migration {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(resource, "resource");
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1, was " + version);
        }
    }

    /** The conventional location {@code /db/<feature>/V<version>.sql}. */
    public static Migration of(String feature, int version) {
        return new Migration(feature, version, "/db/" + feature + "/V" + version + ".sql");
    }
}
