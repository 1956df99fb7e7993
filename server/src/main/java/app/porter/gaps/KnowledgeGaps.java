package app.porter.gaps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.chat.ChatMessage;
import app.porter.chat.Conversation;
import app.porter.chat.Conversations;
import app.porter.chat.KnowledgeAnswered;
import app.porter.errors.NotFound;
import app.porter.flows.Message;
import app.porter.inference.Embedder;
import app.porter.privacy.Redactor;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Knowledge gaps: questions Porter could not answer ("I don't know"), answered with low confidence, or whose answer
 * a tenant rated down, kept per property without plaintext tenant text (a redacted example and the embedding, both
 * sealed under the conversation's data key), grouped by meaning for staff ({@link GapClusters}).
 */
public final class KnowledgeGaps implements KnowledgeAnswered.Listener {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("gaps", 1));

    /**
     * @param minSimilarity the answer gate ({@code porter.answers.min-similarity})
     * @param lowConfidenceMargin an answer whose best passage cleared the gate by less than this is a gap too: it
     *                            was quoted, but from a passage that barely matched
     * @param clusterSimilarity how close (cosine) a question must be to a group's centroid to join it
     */
    public record Settings(float minSimilarity, float lowConfidenceMargin, float clusterSimilarity) {
        /**
         * 0.05 above the gate. 0.6: with all-MiniLM-L6-v2, paraphrases of one question measured 0.64-0.85 and
         * different questions on neighbouring topics ("a sauna?" / "a helicopter pad on the roof?") at most 0.47.
         */
        public static Settings defaults(float minSimilarity) {
            return new Settings(minSimilarity, 0.05f, 0.6f);
        }
    }

    private final Database database;
    private final Conversations conversations;
    private final Embedder embedder;
    private final Redactor redactor;
    private final AuditLog audit;
    private final Settings settings;
    private final Clock clock;

    public KnowledgeGaps(Database database, Conversations conversations, Embedder embedder, Redactor redactor,
                         AuditLog audit, Settings settings, Clock clock) {
        this.database = database;
        this.conversations = conversations;
        this.embedder = embedder;
        this.redactor = redactor;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** A question the knowledge base answered: a gap when it said "I don't know" or barely found anything. */
    @Override
    public void answered(KnowledgeAnswered answered) {
        if (answered.vector() == null) {
            return;
        }
        String reason;
        if (answered.bestSimilarity().isEmpty()) {
            reason = "dont-know";
        } else if (answered.bestSimilarity().getAsDouble() < settings.minSimilarity() + settings.lowConfidenceMargin()) {
            reason = "low-confidence";
        } else {
            return;
        }
        record(answered.conversation(), answered.question().text(), answered.vector(), reason);
    }

    /**
     * The tenant rated the answer to {@code question} down. Its embedding from routing is long gone (the rating comes
     * in a later request), so the question is embedded once more here, the way routing did: rare, about 1.5 ms.
     */
    public void thumbsDown(Conversation conversation, ChatMessage question) {
        record(conversation, question.text(), embedder.embed(Message.normalize(question.text())), "thumbs-down");
    }

    private void record(Conversation conversation, String question, float[] vector, String reason) {
        String id = UUID.randomUUID().toString();
        byte[] example = conversations.seal(conversation, "gap/" + id,
                redactor.redact(question).text().getBytes(StandardCharsets.UTF_8));
        byte[] sealedVector = conversations.seal(conversation, "gap-vector/" + id, bytes(vector));
        database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO knowledge_gaps (id, property_id,"
                    + " conversation_id, reason, created_at, example, vector) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, conversation.propertyId());
                insert.setString(3, conversation.id());
                insert.setString(4, reason);
                insert.setString(5, clock.instant().toString());
                insert.setBytes(6, example);
                insert.setBytes(7, sealedVector);
                return insert.executeUpdate();
            }
        });
    }

    /**
     * The property's open gaps grouped by meaning, the newest group first, for an admin or agent. Reading redacted
     * examples of what tenants asked is audited as a staff read.
     */
    public List<GapCluster> clusters(Actor actor, String propertyId) {
        actor.require("reading knowledge gaps", Role.ADMIN, Role.AGENT);
        List<GapCluster> clusters = clusters(propertyId);
        audit.append(actor.who(), "knowledge-gaps.read", "property/" + propertyId, clusters.size() + " groups");
        return clusters;
    }

    List<GapCluster> clusters(String propertyId) {
        return GapClusters.cluster(open(propertyId), settings.clusterSimilarity());
    }

    /** The open group that holds gap {@code gapId}. */
    GapCluster clusterOf(String propertyId, String gapId) {
        return clusters(propertyId).stream().filter(c -> c.gaps().stream().anyMatch(g -> g.id().equals(gapId)))
                .findFirst().orElseThrow(() -> new NotFound("no open knowledge gap " + safe(gapId)));
    }

    /** The property of an open gap. */
    String propertyOf(String gapId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT property_id FROM knowledge_gaps WHERE id = ? AND closed_at IS NULL")) {
                query.setString(1, gapId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new NotFound("no open knowledge gap " + safe(gapId));
                    }
                    return row.getString(1);
                }
            }
        });
    }

    /** Dismisses the group of gap {@code gapId} (e.g. a question the firm will not answer here); audited. */
    public GapCluster close(Actor actor, String gapId) {
        actor.require("closing knowledge gaps", Role.ADMIN, Role.AGENT);
        GapCluster cluster = clusterOf(propertyOf(gapId), gapId);
        database.transaction(connection -> {
            closeAll(connection, cluster, actor.who(), null);
            audit.append(connection, actor.who(), "knowledge-gap.closed", "gap/" + cluster.id(),
                    cluster.count() + " questions");
            return null;
        });
        return cluster;
    }

    /** Closes every gap of {@code cluster}, in the caller's transaction (a correction published for it). */
    void closeAll(Connection connection, GapCluster cluster, String who, String correctionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE knowledge_gaps SET closed_at = ?,"
                + " closed_by = ?, correction_id = ? WHERE id = ? AND closed_at IS NULL")) {
            for (Gap gap : cluster.gaps()) {
                update.setString(1, clock.instant().toString());
                update.setString(2, who);
                update.setString(3, correctionId);
                update.setString(4, gap.id());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** The property's open gaps, newest first, unsealed (gaps of conversations since erased are gone with them). */
    private List<Gap> open(String propertyId) {
        record Row(String id, String conversationId, String reason, String createdAt, byte[] example, byte[] vector) {
        }
        List<Row> rows = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, conversation_id, reason, created_at,"
                    + " example, vector FROM knowledge_gaps WHERE property_id = ? AND closed_at IS NULL"
                    + " ORDER BY created_at DESC, rowid DESC")) {
                query.setString(1, propertyId);
                List<Row> found = new ArrayList<>();
                try (ResultSet r = query.executeQuery()) {
                    while (r.next()) {
                        found.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getBytes(5), r.getBytes(6)));
                    }
                }
                return found;
            }
        });
        Map<String, Optional<Conversation>> seen = new HashMap<>();
        List<Gap> gaps = new ArrayList<>();
        for (Row row : rows) {
            Optional<Conversation> c = seen.computeIfAbsent(row.conversationId(), conversations::find);
            if (c.isEmpty()) {
                continue; // erased or purged while this was read
            }
            gaps.add(new Gap(row.id(), propertyId, row.conversationId(), row.reason(),
                    java.time.Instant.parse(row.createdAt()),
                    new String(conversations.unseal(c.get(), "gap/" + row.id(), row.example()), StandardCharsets.UTF_8),
                    floats(conversations.unseal(c.get(), "gap-vector/" + row.id(), row.vector()))));
        }
        return gaps;
    }

    /** What a data-subject export shows of the conversation's gaps: when, why and the redacted example. */
    public JsonValue exportOf(String conversationId) {
        Optional<Conversation> c = conversations.find(conversationId);
        JsonArrayBuilder list = Json.createArrayBuilder();
        if (c.isEmpty()) {
            return list.build();
        }
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, reason, created_at, example"
                    + " FROM knowledge_gaps WHERE conversation_id = ? ORDER BY created_at")) {
                query.setString(1, conversationId);
                try (ResultSet r = query.executeQuery()) {
                    while (r.next()) {
                        list.add(Json.createObjectBuilder().add("reason", r.getString(2))
                                .add("createdAt", r.getString(3))
                                .add("example", new String(conversations.unseal(c.get(), "gap/" + r.getString(1),
                                        r.getBytes(4)), StandardCharsets.UTF_8)));
                    }
                }
            }
            return null;
        });
        return list.build();
    }

    /** Deletes the gaps of conversations being erased or purged (their key is destroyed in the same transaction). */
    public static void shred(Connection connection, List<String> conversationIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM knowledge_gaps WHERE conversation_id = ?")) {
            for (String id : conversationIds) {
                delete.setString(1, id);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    static String safe(String id) {
        return id == null ? "" : id.replaceAll("[^A-Za-z0-9-]", "?");
    }

    private static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    private static float[] floats(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
