package app.porter.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.porter.store.Database;

/**
 * Passages flagged by {@link PassageFlags} and what staff decided about them. A flagged passage is
 * <em>held</em>: indexed and shown to staff, but never retrieved for an answer ({@link KnowledgeBase} leaves it
 * out) until an admin approves it. An approval is bound to the passage's text: re-indexing the same text keeps it,
 * a changed text is held again.
 */
final class PassageReviews {

    static final String HELD = "held";
    static final String APPROVED = "approved";

    /** One flagged passage and its state. */
    record Review(String passageId, String documentId, String reason, String state, Instant flaggedAt,
                  String decidedBy, Instant decidedAt) {
        boolean held() {
            return state.equals(HELD);
        }
    }

    private final Database database;
    private final Clock clock;
    /** What {@link KnowledgeBase} leaves out: ids of held passages (a copy swapped whole on every change). */
    private volatile Set<String> held = Set.of();

    PassageReviews(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        refresh();
    }

    /** The ids of passages held back from answers now. */
    Set<String> held() {
        return held;
    }

    /**
     * Records what the flags say about a document's new passages, replacing what was recorded for its earlier
     * version; keeps an approval whose passage text is unchanged.
     */
    void record(String documentId, List<Passage> passages) {
        database.transaction(connection -> {
            Map<String, String[]> before = new HashMap<>(); // passage id -> {text hash, state, by, at}
            try (PreparedStatement q = connection.prepareStatement("SELECT passage_id, text_sha256, state,"
                    + " decided_by, decided_at FROM kb_passage_reviews WHERE document_id = ?")) {
                q.setString(1, documentId);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        before.put(rows.getString(1), new String[] {rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5)});
                    }
                }
            }
            forget(connection, documentId);
            String now = clock.instant().toString();
            for (Passage passage : passages) {
                Optional<String> reason = PassageFlags.check(passage);
                if (reason.isEmpty()) {
                    continue;
                }
                String hash = sha256(passage.title() + "\n" + passage.text());
                String[] earlier = before.get(passage.id());
                boolean approved = earlier != null && earlier[0].equals(hash) && earlier[1].equals(APPROVED);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_passage_reviews"
                        + " (passage_id, document_id, text_sha256, reason, state, flagged_at, decided_by, decided_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, passage.id());
                    insert.setString(2, documentId);
                    insert.setString(3, hash);
                    insert.setString(4, reason.get());
                    insert.setString(5, approved ? APPROVED : HELD);
                    insert.setString(6, now);
                    insert.setString(7, approved ? earlier[2] : null);
                    insert.setString(8, approved ? earlier[3] : null);
                    insert.executeUpdate();
                }
            }
            return null;
        });
        refresh();
    }

    /** Forgets a deleted document's reviews. */
    void forget(String documentId) {
        database.transaction(connection -> {
            forget(connection, documentId);
            return null;
        });
        refresh();
    }

    /**
     * Approves a held passage: it may be quoted from now on.
     *
     * @return the review as it was before, or empty when the passage is not flagged
     */
    Optional<Review> approve(String passageId, String who) {
        Optional<Review> review = find(passageId);
        if (review.isPresent() && review.get().held()) {
            database.transaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE kb_passage_reviews SET"
                        + " state = 'approved', decided_by = ?, decided_at = ? WHERE passage_id = ?")) {
                    update.setString(1, who);
                    update.setString(2, clock.instant().toString());
                    update.setString(3, passageId);
                    update.executeUpdate();
                }
                return null;
            });
            refresh();
        }
        return review;
    }

    Optional<Review> find(String passageId) {
        return list("WHERE passage_id = ?", passageId).stream().findFirst();
    }

    /** Every flagged passage (held first, then approved), or those of one document. */
    List<Review> list(String documentId) {
        return documentId == null ? list("", null) : list("WHERE document_id = ?", documentId);
    }

    private List<Review> list(String where, String arg) {
        return database.read(connection -> {
            try (PreparedStatement q = connection.prepareStatement("SELECT passage_id, document_id, reason, state,"
                    + " flagged_at, decided_by, decided_at FROM kb_passage_reviews " + where
                    + " ORDER BY state DESC, document_id, passage_id")) {
                if (arg != null) {
                    q.setString(1, arg);
                }
                List<Review> reviews = new ArrayList<>();
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        reviews.add(new Review(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), Instant.parse(rows.getString(5)), rows.getString(6),
                                rows.getString(7) == null ? null : Instant.parse(rows.getString(7))));
                    }
                }
                return reviews;
            }
        });
    }

    private void refresh() {
        Set<String> ids = new HashSet<>();
        for (Review review : list(null)) {
            if (review.held()) {
                ids.add(review.passageId());
            }
        }
        held = Set.copyOf(ids);
    }

    private static void forget(Connection connection, String documentId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM kb_passage_reviews WHERE document_id = ?")) {
            delete.setString(1, documentId);
            delete.executeUpdate();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
