package app.porter.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The key hierarchy below the master key: master key → key-encryption keys (KEKs, versioned, stored wrapped under
 * a key derived from the master key) → one random data key per conversation, stored only wrapped by a KEK with
 * the associated data {@code dek:<id>}. Destroying a conversation's wrapped data key makes its messages
 * unreadable for good (crypto-shredding).
 *
 * <p>KEK rotation adds a KEK version and rewraps every data key under it, in one transaction: no message is
 * re-encrypted. Because KEKs are stored wrapped under the master key, a future passphrase change only has to rewrap
 * the few KEK rows.
 *
 * <p>Version 1 is derived from the master key with HKDF ({@code porter/kek/v1}), exactly as the first release
 * did, so data directories written before KEKs were stored keep working; later versions are random.
 */
public final class KeyRing {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("privacy", 1));
    private static final String LEGACY_KEK_LABEL = "porter/kek/v1";
    private static final String MASTER_WRAP_LABEL = "porter/master-wrap/v1";

    /** A data key wrapped by KEK {@code kekVersion}. */
    public record Wrapped(int kekVersion, byte[] key) {
    }

    /**
     * A table whose rows hold wrapped data keys (columns {@code kek_version} and {@code wrapped_key}, associated
     * data {@code dek:<idPrefix><idColumn>}). An empty {@code wrapped_key} is a destroyed key and is skipped.
     *
     * @param idPrefix what the owning feature puts before the row id when it wraps (e.g. {@code ticket:}), so keys
     *                 of different tables with the same id are bound apart
     */
    public record WrappedKeyTable(String table, String idColumn, String idPrefix) {
        public WrappedKeyTable {
            if (!table.matches("[a-z_]+") || !idColumn.matches("[a-z_]+")) {
                throw new IllegalArgumentException("table and column names are identifiers");
            }
        }

        public WrappedKeyTable(String table, String idColumn) {
            this(table, idColumn, "");
        }
    }

    /** What a rotation did. */
    public record Rotation(int fromVersion, int toVersion, int rewrapped, int kekVersionsDropped) {
    }

    private final Database database;
    private final Clock clock;
    private final byte[] masterWrapKey;
    private volatile Map<Integer, byte[]> keks;
    private volatile int current;

    private KeyRing(Database database, Clock clock, byte[] masterWrapKey) {
        this.database = database;
        this.clock = clock;
        this.masterWrapKey = masterWrapKey;
    }

    /**
     * Loads the KEKs (creating version 1 on first start). Retired versions are dropped only by {@link #rotate}:
     * opening never deletes a KEK, because another process (the running appliance, when a command-line tool opens
     * the same data directory) may still be wrapping new data keys under a version that no row refers to yet.
     */
    public static KeyRing open(Database database, MasterKey master, Clock clock) {
        KeyRing ring = new KeyRing(database, clock, master.derive(MASTER_WRAP_LABEL));
        byte[] legacy = master.derive(LEGACY_KEK_LABEL);
        database.transaction(connection -> {
            if (ring.loadKeks(connection).isEmpty()) {
                ring.storeKek(connection, 1, legacy);
            }
            return null;
        });
        Arrays.fill(legacy, (byte) 0);
        database.read(connection -> {
            ring.load(connection);
            return null;
        });
        return ring;
    }

    public int currentVersion() {
        return current;
    }

    /** Wraps a data key under the current KEK; {@code id} is bound in as associated data. */
    public Wrapped wrap(byte[] dataKey, String id) {
        int version = current;
        return new Wrapped(version, Aead.encrypt(kek(version), dataKey, dataKeyAad(id)));
    }

    /**
     * @throws TamperedDataException when the wrapped key was altered or moved to another row
     * @throws KeyDestroyedException when the key was destroyed (the row was crypto-shredded)
     */
    public byte[] unwrap(int kekVersion, byte[] wrappedKey, String id) {
        if (wrappedKey == null || wrappedKey.length == 0) {
            throw new KeyDestroyedException();
        }
        return Aead.decrypt(kek(kekVersion), wrappedKey, dataKeyAad(id));
    }

    /**
     * A keyed hash (HMAC-SHA256) of {@code value} for {@code purpose}, to compare sealed values for equality
     * without storing them in clear (a "blind index"). The key is derived from the master-wrap key, not from a
     * KEK, so the hash stays the same across KEK rotations; without the master key nobody can test guesses.
     */
    public byte[] keyedHash(String purpose, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(masterWrapKey, "HmacSHA256"));
            byte[] key = derive.doFinal(("porter/keyed-hash/v1/" + purpose).getBytes(StandardCharsets.UTF_8));
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Adds a KEK version and rewraps every data key in {@code tables} under it, all in one transaction; then
     * drops KEK versions older than the previous one that nothing refers to. The previous version is kept until
     * the next start or rotation, for a data key wrapped just before the rotation and stored just after it.
     */
    public synchronized Rotation rotate(List<WrappedKeyTable> tables) {
        byte[] fresh = Aead.newKey();
        try {
            return database.transaction(connection -> {
                // From what is stored, not from memory: another process may have rotated since this one loaded.
                Map<Integer, byte[]> all = loadKeks(connection);
                int from = newest(all);
                int to = from + 1;
                storeKek(connection, to, fresh);
                all.put(to, fresh);
                int rewrapped = 0;
                for (WrappedKeyTable table : tables) {
                    rewrapped += rewrap(connection, table, all, to);
                }
                int dropped = dropUnreferenced(connection, tables, from);
                return new Rotation(from, to, rewrapped, dropped);
            });
        } finally {
            // Only now, committed or rolled back, does memory follow the database: a data key wrapped meanwhile
            // used the previous version (kept), never a version that might still roll back.
            reload();
            Arrays.fill(fresh, (byte) 0);
        }
    }

    /** Seals a small secret (the signing key) directly under the master key's wrapping key. */
    byte[] sealWithMaster(byte[] secret, String associatedData) {
        return Aead.encrypt(masterWrapKey, secret, associatedData.getBytes(StandardCharsets.UTF_8));
    }

    byte[] openWithMaster(byte[] sealed, String associatedData) {
        return Aead.decrypt(masterWrapKey, sealed, associatedData.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] kek(int version) {
        byte[] kek = keks.get(version);
        if (kek == null) {
            // Another process (porter rotate-kek) may have added it: look once more in the database.
            reload();
            kek = keks.get(version);
        }
        if (kek == null) {
            throw new TamperedDataException("no key-encryption key version " + version);
        }
        return kek;
    }

    private int rewrap(Connection connection, WrappedKeyTable table, Map<Integer, byte[]> all, int to)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("SELECT " + table.idColumn() + ", kek_version, wrapped_key FROM "
                     + table.table() + " WHERE length(wrapped_key) > 0 AND kek_version <> " + to)) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getInt(2), rs.getBytes(3)});
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table()
                + " SET kek_version = ?, wrapped_key = ? WHERE " + table.idColumn() + " = ?")) {
            for (Object[] row : rows) {
                String id = (String) row[0];
                byte[] oldKek = all.get((Integer) row[1]);
                if (oldKek == null) {
                    throw new TamperedDataException("a data key names a missing key-encryption key version");
                }
                byte[] dataKey = Aead.decrypt(oldKek, (byte[]) row[2], dataKeyAad(table.idPrefix() + id));
                try {
                    update.setInt(1, to);
                    update.setBytes(2, Aead.encrypt(all.get(to), dataKey, dataKeyAad(table.idPrefix() + id)));
                    update.setString(3, id);
                    update.addBatch();
                } finally {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
            update.executeBatch();
        }
        return rows.size();
    }

    /** Drops KEK versions below {@code keepFrom} that no data key refers to; returns how many. */
    private int dropUnreferenced(Connection connection, List<WrappedKeyTable> tables, int keepFrom)
            throws SQLException {
        List<Integer> candidates = new ArrayList<>();
        for (int version : loadKeks(connection).keySet()) {
            if (version < keepFrom) {
                candidates.add(version);
            }
        }
        int dropped = 0;
        for (int version : candidates) {
            boolean referenced = false;
            for (WrappedKeyTable table : tables) {
                try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM " + table.table()
                        + " WHERE kek_version = ? AND length(wrapped_key) > 0 LIMIT 1")) {
                    query.setInt(1, version);
                    try (ResultSet rs = query.executeQuery()) {
                        referenced |= rs.next();
                    }
                }
            }
            if (!referenced) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM key_encryption_keys WHERE version = ?")) {
                    delete.setInt(1, version);
                    dropped += delete.executeUpdate();
                }
            }
        }
        return dropped;
    }

    private void reload() {
        database.read(connection -> {
            load(connection);
            return null;
        });
    }

    private void load(Connection connection) throws SQLException {
        Map<Integer, byte[]> loaded = loadKeks(connection);
        keks = Map.copyOf(loaded);
        current = newest(loaded);
    }

    private static int newest(Map<Integer, byte[]> keks) {
        return keks.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private Map<Integer, byte[]> loadKeks(Connection connection) throws SQLException {
        Map<Integer, byte[]> loaded = new TreeMap<>();
        try (Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("SELECT version, wrapped FROM key_encryption_keys")) {
            while (rs.next()) {
                int version = rs.getInt(1);
                try {
                    loaded.put(version, Aead.decrypt(masterWrapKey, rs.getBytes(2), kekAad(version)));
                } catch (TamperedDataException e) {
                    throw new Keystore.KeystoreException("key-encryption key version " + version
                            + " cannot be opened with this master key: the database belongs to another key");
                }
            }
        }
        return loaded;
    }

    private void storeKek(Connection connection, int version, byte[] kek) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO key_encryption_keys (version, wrapped, created_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, version);
            insert.setBytes(2, Aead.encrypt(masterWrapKey, kek, kekAad(version)));
            insert.setString(3, clock.instant().toString());
            insert.executeUpdate();
        }
    }

    private static byte[] kekAad(int version) {
        return ("kek:" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] dataKeyAad(String id) {
        return ("dek:" + id).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyRing[kek version " + current + "]";
    }

    /** The data key was destroyed: the conversation was erased or purged. */
    public static final class KeyDestroyedException extends RuntimeException {
        public KeyDestroyedException() {
            super("the data key was destroyed", null, false, false);
        }
    }
}
