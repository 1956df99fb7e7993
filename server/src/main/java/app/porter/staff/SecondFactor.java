package app.porter.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.store.Database;

/**
 * The second factor of a console sign-in: the TOTP secret, sealed with the row's own data key and bound to its
 * username, and the recovery codes, kept only as digests and each usable once.
 *
 * <p>Kept apart from {@link StaffAccounts} because it is the one part of staff accounts that handles key material:
 * everything that unwraps a data key or touches {@code staff_recovery_codes} is here, and nothing else is.
 */
final class SecondFactor {

    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final KeyRing keys;

    SecondFactor(Database database, KeyRing keys) {
        this.database = database;
        this.keys = keys;
    }

    /**
     * Seals {@code secret} into {@code username}'s row and replaces their recovery codes, in the caller's
     * transaction.
     */
    void storeSecondFactor(Connection connection, String username, byte[] secret, long usedStep,
                           List<String> recoveryCodes) throws SQLException {
        int kekVersion;
        byte[] wrappedKey;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT kek_version, wrapped_key FROM staff WHERE username = ?")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                kekVersion = row.getInt(1);
                wrappedKey = row.getBytes(2);
            }
        }
        byte[] dataKey = keys.unwrap(kekVersion, wrappedKey, StaffAccounts.WRAPPED_KEYS.idPrefix() + username);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE staff SET totp_secret = ?, totp_last_step = ? WHERE username = ?");
             PreparedStatement clear = connection.prepareStatement(
                     "DELETE FROM staff_recovery_codes WHERE username = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO staff_recovery_codes (username, code_hash) VALUES (?, ?)")) {
            update.setBytes(1, Aead.encrypt(dataKey, secret, secretAad(username)));
            update.setLong(2, usedStep); // the code just used to enrol cannot sign in again
            update.setString(3, username);
            update.executeUpdate();
            clear.setString(1, username);
            clear.executeUpdate();
            for (String code : recoveryCodes) {
                insert.setString(1, username);
                insert.setBytes(2, recoveryDigest(code));
                insert.executeUpdate();
            }
        }
    }

    /** The account's TOTP secret, unsealed; only for an account that has one. */
    byte[] secret(StaffRows.Stored account) {
        byte[] dataKey = keys.unwrap(account.kekVersion(), account.wrappedKey(),
                StaffAccounts.WRAPPED_KEYS.idPrefix() + account.username());
        return Aead.decrypt(dataKey, account.totpSecret(), secretAad(account.username()));
    }

    /** The secret is bound to its row: copied into another person's row it does not decrypt. */
    private static byte[] secretAad(String username) {
        return ("staff-totp:" + username).getBytes(StandardCharsets.UTF_8);
    }

    /** Marks {@code code} used when it is one of {@code username}'s unused recovery codes; whether it was. */
    boolean useRecoveryCode(String username, String code, Instant now) {
        String normal = code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (normal.length() != 10) {
            return false;
        }
        return database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff_recovery_codes SET used_at = ?"
                    + " WHERE username = ? AND code_hash = ? AND used_at IS NULL")) {
                update.setString(1, now.toString());
                update.setString(2, username);
                update.setBytes(3, recoveryDigest(normal));
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Ten codes of ten characters from a 31-letter alphabet: about 49 bits each, shown as {@code abcde-fghjk}. */
    static List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < StaffAccounts.RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                if (j == 5) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    private static byte[] recoveryDigest(String code) {
        String normal = code.replace("-", "").toLowerCase(Locale.ROOT);
        try {
            return MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A typed code without its spaces (apps show {@code 123 456}). */
    static String strip(String code) {
        return code == null ? "" : code.replace(" ", "").strip();
    }
}
