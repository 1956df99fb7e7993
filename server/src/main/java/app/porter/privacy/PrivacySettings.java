package app.porter.privacy;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Optional;

import app.porter.crypto.Keystore;

/**
 * Privacy settings from {@code application.yaml} ({@code porter.privacy}) and the environment.
 *
 * @param passphraseFile a file holding the operator's passphrase ({@code PORTER_PASSPHRASE_FILE}); without it the
 *                       master key is the key file {@code porter.key}
 * @param argon2 Argon2id cost for a new passphrase keystore
 * @param purgeAt local time of the nightly retention purge
 * @param phoneRegion ISO 3166 region for phone numbers written without a country code (redaction)
 */
public record PrivacySettings(Optional<Path> passphraseFile, Keystore.Argon2Params argon2, LocalTime purgeAt,
                              String phoneRegion, boolean redactModelInput) {
    public PrivacySettings {
        if (!phoneRegion.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("porter.privacy.phone-region must be a two-letter region, was \""
                    + phoneRegion + "\"");
        }
    }
}
