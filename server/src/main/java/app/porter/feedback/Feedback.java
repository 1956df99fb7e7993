package app.porter.feedback;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.analytics.Analytics;
import app.porter.chat.AnswerMode;
import app.porter.chat.ChatMessage;
import app.porter.chat.Conversation;
import app.porter.chat.Conversations;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.flows.Form;
import app.porter.flows.Router;
import app.porter.gaps.KnowledgeGaps;
import app.porter.privacy.DataClass;
import app.porter.privacy.Expirer;
import app.porter.privacy.TableExpirer;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * What tenants think of Porter: a thumbs up or down (with an optional comment) on an answer, and a one-question
 * satisfaction score (1-5) when a conversation or a repair ticket is closed. A comment is tenant text, sealed under
 * the conversation's data key like its messages, exported and erased with the conversation and purged after the
 * retention class {@code feedback}. A thumbs-down offers a person and records a knowledge gap.
 */
public final class Feedback {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("feedback", 1));
    public static final int MAX_COMMENT_CHARS = 1000;

    /** A stored rating; {@code offer} is the person offered after a thumbs-down (null after a thumbs-up). */
    public record Rated(String messageId, String rating, Form offer) {
    }

    private final Database database;
    private final Conversations conversations;
    private final Router router;
    private final KnowledgeGaps gaps;
    private final Analytics analytics;
    private final Clock clock;

    /** @param analytics where thumbs and scores are counted for the console's charts (never the comment) */
    public Feedback(Database database, Conversations conversations, Router router, KnowledgeGaps gaps,
                    Analytics analytics, Clock clock) {
        this.database = database;
        this.conversations = conversations;
        this.router = router;
        this.gaps = gaps;
        this.analytics = analytics;
        this.clock = clock;
    }

    /**
     * Rates assistant message {@code messageId} of the conversation {@code up} or {@code down}; a later rating of the
     * same message replaces the earlier one. A thumbs-down on an answer from the knowledge base is a knowledge gap,
     * and any thumbs-down offers a person (a "yes" then escalates through the inbox).
     *
     * @throws InvalidInput for another rating or a comment too long
     * @throws NotFound when the conversation has no assistant message {@code messageId}
     */
    public Rated rate(Conversation conversation, String messageId, String rating, String comment) {
        if (!"up".equals(rating) && !"down".equals(rating)) {
            throw new InvalidInput("\"rating\" must be \"up\" or \"down\"");
        }
        String text = comment == null ? "" : comment.strip();
        if (text.length() > MAX_COMMENT_CHARS) {
            throw new InvalidInput("a comment may be at most " + MAX_COMMENT_CHARS + " characters");
        }
        List<ChatMessage> messages = conversations.history(conversation);
        int at = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id().equals(messageId)) {
                at = i;
            }
        }
        if (at < 0 || !messages.get(at).role().equals("assistant")) {
            throw new NotFound("no answer of Porter's with that id in this conversation");
        }
        String before = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT rating FROM message_ratings WHERE message_id = ?")) {
                query.setString(1, messageId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
        byte[] sealed = text.isEmpty() ? null
                : conversations.seal(conversation, "feedback/" + messageId, text.getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        database.read(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO message_ratings (message_id,"
                    + " conversation_id, property_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (message_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,"
                    + " created_at = excluded.created_at")) {
                upsert.setString(1, messageId);
                upsert.setString(2, conversation.id());
                upsert.setString(3, conversation.propertyId());
                upsert.setString(4, rating);
                upsert.setBytes(5, sealed);
                upsert.setString(6, now.toString());
                return upsert.executeUpdate();
            }
        });
        // Analytics counts ratings as they stand: a comment re-sending the same rating adds nothing, and a changed
        // rating withdraws the earlier one.
        if (!rating.equals(before)) {
            if (before != null) {
                analytics.thumbWithdrawn(conversation.propertyId(), conversation.language(), before.equals("up"));
            }
            analytics.thumb(conversation.propertyId(), conversation.language(), rating.equals("up"));
        }
        if (rating.equals("up")) {
            return new Rated(messageId, rating, null);
        }
        ChatMessage answer = messages.get(at);
        // A comment sent after the thumbs-down is the same rating again: one gap per answer rated down.
        if (!"down".equals(before) && at > 0 && messages.get(at - 1).role().equals("tenant")
                && (answer.mode() == AnswerMode.EXTRACTIVE || answer.mode() == AnswerMode.GENERATIVE)) {
            gaps.thumbsDown(conversation, messages.get(at - 1));
        }
        return new Rated(messageId, rating, router.offerPerson(conversation.id(), conversation.language()));
    }

    /**
     * The tenant's satisfaction score for the conversation ({@code ticketReference} null) or for one of its tickets;
     * a later score for the same replaces the earlier one.
     *
     * @throws InvalidInput for a score outside 1-5 or a malformed reference
     */
    public void csat(Conversation conversation, int score, String ticketReference) {
        if (score < 1 || score > 5) {
            throw new InvalidInput("\"score\" must be 1 to 5");
        }
        if (ticketReference != null && !ticketReference.matches("[A-Za-z0-9-]{1,40}")) {
            throw new InvalidInput("\"ticketReference\" must be a ticket reference such as MC-1001");
        }
        Instant now = clock.instant();
        database.read(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO csat_scores (conversation_id,"
                    + " ticket_reference, property_id, score, created_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (conversation_id, ticket_reference) DO UPDATE SET score = excluded.score,"
                    + " created_at = excluded.created_at")) {
                upsert.setString(1, conversation.id());
                upsert.setString(2, ticketReference == null ? "" : ticketReference);
                upsert.setString(3, conversation.propertyId());
                upsert.setInt(4, score);
                upsert.setString(5, now.toString());
                return upsert.executeUpdate();
            }
        });
        analytics.csat(conversation.propertyId(), conversation.language(), score);
    }

    /** What a tenant thought of a conversation, without their words: answers rated up and down, the latest CSAT. */
    public record Verdict(int thumbsUp, int thumbsDown, Integer satisfaction) {
    }

    /** The conversation's {@link Verdict} (for the training-dataset labels). */
    public Verdict verdictOf(String conversationId) {
        return database.read(connection -> {
            int up = 0;
            int down = 0;
            Integer satisfaction = null;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT rating, COUNT(*) FROM message_ratings WHERE conversation_id = ? GROUP BY rating")) {
                query.setString(1, conversationId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getString(1).equals("up")) {
                            up = rows.getInt(2);
                        } else {
                            down = rows.getInt(2);
                        }
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT score FROM csat_scores"
                    + " WHERE conversation_id = ? ORDER BY created_at DESC LIMIT 1")) {
                query.setString(1, conversationId);
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        satisfaction = rows.getInt(1);
                    }
                }
            }
            return new Verdict(up, down, satisfaction);
        });
    }

    /** The conversation's ratings (comments unsealed) and scores, for the tenant's export and a data-subject request. */
    public JsonObject exportOf(String conversationId) {
        Optional<Conversation> found = conversations.find(conversationId);
        JsonArrayBuilder ratings = Json.createArrayBuilder();
        JsonArrayBuilder scores = Json.createArrayBuilder();
        found.ifPresent(conversation -> database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT message_id, rating, comment, created_at"
                    + " FROM message_ratings WHERE conversation_id = ? ORDER BY created_at")) {
                query.setString(1, conversationId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        JsonObjectBuilder rating = Json.createObjectBuilder().add("messageId", rows.getString(1))
                                .add("rating", rows.getString(2)).add("createdAt", rows.getString(4));
                        byte[] comment = rows.getBytes(3);
                        if (comment != null) {
                            rating.add("comment", new String(conversations.unseal(conversation,
                                    "feedback/" + rows.getString(1), comment), StandardCharsets.UTF_8));
                        }
                        ratings.add(rating);
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT ticket_reference, score, created_at"
                    + " FROM csat_scores WHERE conversation_id = ? ORDER BY created_at")) {
                query.setString(1, conversationId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        JsonObjectBuilder score = Json.createObjectBuilder().add("score", rows.getInt(2))
                                .add("createdAt", rows.getString(3));
                        if (!rows.getString(1).isEmpty()) {
                            score.add("ticketReference", rows.getString(1));
                        }
                        scores.add(score);
                    }
                }
            }
            return null;
        }));
        return Json.createObjectBuilder().add("ratings", ratings).add("satisfaction", scores).build();
    }

    /** Deletes the feedback of conversations being erased or purged (in their transaction). */
    public static void shred(Connection connection, List<String> conversationIds) throws SQLException {
        try (PreparedStatement ratings = connection.prepareStatement(
                "DELETE FROM message_ratings WHERE conversation_id = ?");
             PreparedStatement scores = connection.prepareStatement(
                     "DELETE FROM csat_scores WHERE conversation_id = ?")) {
            for (String id : conversationIds) {
                ratings.setString(1, id);
                ratings.addBatch();
                scores.setString(1, id);
                scores.addBatch();
            }
            ratings.executeBatch();
            scores.executeBatch();
        }
    }

    /** The nightly purge of the retention class {@code feedback}: ratings (with their comments) and scores. */
    public Expirer retention() {
        List<TableExpirer> tables = List.of(
                new TableExpirer(database, DataClass.FEEDBACK, "message_ratings", "created_at < ?", false),
                new TableExpirer(database, DataClass.FEEDBACK, "csat_scores", "created_at < ?", false));
        return new Expirer() {
            @Override
            public DataClass dataClass() {
                return DataClass.FEEDBACK;
            }

            @Override
            public long countExpired(Instant cutoff) {
                return tables.stream().mapToLong(t -> t.countExpired(cutoff)).sum();
            }

            @Override
            public long purgeExpired(Instant cutoff) {
                long purged = tables.stream().mapToLong(t -> t.purgeExpired(cutoff)).sum();
                if (purged > 0) {
                    database.reclaimFreePages(); // the sealed comments' pages, and the WAL, are overwritten
                }
                return purged;
            }
        };
    }
}
