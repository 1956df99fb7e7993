package app.porter.privacy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.InvalidInput;
import app.porter.store.Database;

/**
 * The firm's privacy notice, which the widget shows before the first message. Every published version is kept
 * (a conversation records the version its tenant consented to, so the text they saw can always be shown).
 * Publishing is audited.
 */
public final class PrivacyNotices {

    public static final int MIN_CHARS = 40;
    public static final int MAX_CHARS = 10_000;
    /** Version 1 on a new appliance, until the firm publishes its own. */
    public static final String DEFAULT_TEXT = "Your conversation is encrypted and stays on our own server. It is not"
            + " sent to outside AI services. Office staff may read it to help you. Please don't share bank or card"
            + " details here. You can download or delete your conversation at any time.";

    /** One published version. */
    public record Notice(int version, String text, Instant publishedAt, String publishedBy) {
    }

    /** A notice as the admin and tenant APIs show it: {@code {"version", "text", "publishedAt"}}. */
    public static JsonObjectBuilder json(Notice n) {
        return Json.createObjectBuilder()
                .add("version", n.version())
                .add("text", n.text())
                .add("publishedAt", n.publishedAt().toString());
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    public PrivacyNotices(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** Publishes the default notice as version 1 when none exists yet. */
    public void installDefault() {
        database.transaction(connection -> {
            try (Statement query = connection.createStatement();
                 ResultSet row = query.executeQuery("SELECT COUNT(*) FROM privacy_notices")) {
                row.next();
                if (row.getInt(1) > 0) {
                    return null;
                }
            }
            insert(connection, 1, DEFAULT_TEXT, "system");
            return null;
        });
    }

    /** The newest version. */
    public Notice current() {
        return database.read(connection -> {
            try (Statement query = connection.createStatement();
                 ResultSet row = query.executeQuery("SELECT version, text, published_at, published_by"
                         + " FROM privacy_notices ORDER BY version DESC LIMIT 1")) {
                if (!row.next()) {
                    throw new IllegalStateException("no privacy notice installed");
                }
                return notice(row);
            }
        });
    }

    public List<Notice> history() {
        return database.read(connection -> {
            List<Notice> notices = new ArrayList<>();
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery("SELECT version, text, published_at, published_by"
                         + " FROM privacy_notices ORDER BY version DESC")) {
                while (rows.next()) {
                    notices.add(notice(rows));
                }
            }
            return notices;
        });
    }

    /**
     * Publishes a new version; tenants starting a conversation from now on consent to it. Needs the admin role;
     * audited.
     *
     * @throws InvalidInput for an empty, too short or too long text
     */
    public Notice publish(Actor actor, String text) {
        actor.require("publishing the privacy notice", Role.ADMIN);
        String clean = text == null ? "" : text.strip();
        if (clean.length() < MIN_CHARS || clean.length() > MAX_CHARS) {
            throw new InvalidInput("the notice must be " + MIN_CHARS + "-" + MAX_CHARS + " characters");
        }
        int version = database.transaction(connection -> {
            int next;
            try (Statement query = connection.createStatement();
                 ResultSet row = query.executeQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM privacy_notices")) {
                row.next();
                next = row.getInt(1);
            }
            insert(connection, next, clean, actor.who());
            audit.append(connection, actor.who(), "privacy.notice.published", "v" + next, null);
            return next;
        });
        return history().stream().filter(n -> n.version() == version).findFirst().orElseThrow();
    }

    private void insert(java.sql.Connection connection, int version, String text, String actor)
            throws java.sql.SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO privacy_notices"
                + " (version, text, published_at, published_by) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, text);
            insert.setString(3, clock.instant().toString());
            insert.setString(4, actor);
            insert.executeUpdate();
        }
    }

    private static Notice notice(ResultSet row) throws java.sql.SQLException {
        return new Notice(row.getInt(1), row.getString(2), Instant.parse(row.getString(3)), row.getString(4));
    }
}
