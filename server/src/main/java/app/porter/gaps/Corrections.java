package app.porter.gaps;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.chat.AnswerMode;
import app.porter.chat.ChatMessage;
import app.porter.chat.Conversation;
import app.porter.chat.Conversations;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Scope;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.Redactor;
import app.porter.store.Database;

/**
 * Corrections: knowledge-base entries drafted from a gap or a staff reply, edited and published by an admin into the
 * property's "corrections" document (one Markdown FAQ per property, a question heading per entry), which is indexed
 * like every other document, so the next tenant asking that question is quoted the entry. Publishing closes the
 * gap's group and is audited.
 */
public final class Corrections {

    /** The document's file name in each property's scope: uploading it again replaces it (a new version). */
    public static final String DOCUMENT = "corrections.md";
    public static final int MAX_QUESTION_CHARS = 300;
    public static final int MAX_ANSWER_CHARS = 4000;

    /** A published entry and the indexing job of its document. */
    public record Published(String correctionId, String documentId, String jobId, int gapsClosed) {
    }

    private final Database database;
    private final KnowledgeGaps gaps;
    private final Conversations conversations;
    private final KnowledgeLibrary knowledge;
    private final Portfolio portfolio;
    private final Redactor redactor;
    private final AuditLog audit;
    private final Clock clock;

    public Corrections(Database database, KnowledgeGaps gaps, Conversations conversations, KnowledgeLibrary knowledge,
                       Portfolio portfolio, Redactor redactor, AuditLog audit, Clock clock) {
        this.database = database;
        this.gaps = gaps;
        this.conversations = conversations;
        this.knowledge = knowledge;
        this.portfolio = portfolio;
        this.redactor = redactor;
        this.audit = audit;
        this.clock = clock;
    }

    /** A draft from the group of gap {@code gapId}: its newest redacted question, the answer left to the admin. */
    public Draft fromGap(Actor actor, String gapId) {
        actor.require("drafting knowledge-base entries", Role.ADMIN, Role.AGENT);
        String propertyId = gaps.propertyOf(gapId);
        GapCluster cluster = gaps.clusterOf(propertyId, gapId);
        audit.append(actor.who(), "knowledge-gap.drafted", "gap/" + cluster.id());
        return new Draft(propertyId, cluster.gaps().getFirst().example(), "", cluster.id());
    }

    /**
     * A draft from staff reply {@code messageId} in conversation {@code conversationId}: the tenant's question before
     * it and the reply, both redacted (the entry will be quoted to every tenant of the property). Audited as a read
     * of the conversation.
     */
    public Draft fromReply(Actor actor, String conversationId, String messageId) {
        actor.require("drafting knowledge-base entries", Role.ADMIN, Role.AGENT);
        Conversation conversation = conversations.find(conversationId)
                .orElseThrow(() -> new NotFound("no such conversation"));
        List<ChatMessage> messages = conversations.history(conversation);
        int at = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id().equals(messageId) && messages.get(i).role().equals("staff")) {
                at = i;
            }
        }
        if (at < 0) {
            throw new NotFound("no staff reply " + KnowledgeGaps.safe(messageId) + " in this conversation");
        }
        String question = question(messages, at);
        audit.append(actor.who(), "conversation.read", conversation.id(), "draft from reply/" + messageId);
        return new Draft(conversation.propertyId(), redactor.redact(question).text(),
                redactor.redact(messages.get(at).text()).text(), null);
    }

    /**
     * The tenant's question a staff reply answers: the last one before it that Porter answered from the knowledge
     * base (the "yes" that brought the person in comes after it), else the tenant's last message before the reply.
     */
    private static String question(List<ChatMessage> messages, int reply) {
        String nearest = null;
        for (int i = reply - 1; i >= 0; i--) {
            if (!messages.get(i).role().equals("tenant")) {
                continue;
            }
            if (nearest == null) {
                nearest = messages.get(i).text();
            }
            AnswerMode answered = i + 1 < reply ? messages.get(i + 1).mode() : null;
            if (answered == AnswerMode.EXTRACTIVE || answered == AnswerMode.GENERATIVE) {
                return messages.get(i).text();
            }
        }
        return nearest == null ? "" : nearest;
    }

    /**
     * Publishes {@code draft} (as the admin edited it) into the property's corrections document and closes the group
     * of its gap, if it names one. Audited. Indexing runs in the background like any upload.
     *
     * @throws InvalidInput for an empty or too long question or answer
     */
    public Published publish(Actor actor, Draft draft) {
        actor.require("publishing knowledge-base entries", Role.ADMIN);
        String question = oneLine(draft.question());
        String answer = draft.answer() == null ? "" : draft.answer().strip();
        if (question.isEmpty() || answer.isEmpty()) {
            throw new InvalidInput("a knowledge-base entry needs a question and an answer");
        }
        if (question.length() > MAX_QUESTION_CHARS || answer.length() > MAX_ANSWER_CHARS) {
            throw new InvalidInput("a question may be at most " + MAX_QUESTION_CHARS + " characters and an answer "
                    + MAX_ANSWER_CHARS);
        }
        if (portfolio.find(draft.propertyId()).isEmpty()) {
            throw new NotFound("no property " + KnowledgeGaps.safe(draft.propertyId()));
        }
        GapCluster cluster = draft.gapId() == null ? null : gaps.clusterOf(draft.propertyId(), draft.gapId());
        String id = UUID.randomUUID().toString();
        database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO corrections (id, property_id,"
                    + " question, answer, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, draft.propertyId());
                insert.setString(3, question);
                insert.setString(4, answer);
                insert.setString(5, clock.instant().toString());
                insert.setString(6, actor.who());
                insert.executeUpdate();
            }
            if (cluster != null) {
                gaps.closeAll(connection, cluster, actor.who(), id);
            }
            audit.append(connection, actor.who(), "knowledge.correction.published", "correction/" + id,
                    "property/" + draft.propertyId() + (cluster == null ? "" : ", gap/" + cluster.id()));
            return null;
        });
        KnowledgeLibrary.Accepted accepted = knowledge.upload(actor, new KnowledgeLibrary.Upload(DOCUMENT,
                "text/markdown", document(draft.propertyId()).getBytes(StandardCharsets.UTF_8),
                Scope.property(draft.propertyId())));
        return new Published(id, accepted.document().id(), accepted.job().id(), cluster == null ? 0 : cluster.count());
    }

    /** The property's corrections as one Markdown FAQ: a question heading per entry, oldest first. */
    private String document(String propertyId) {
        List<String[]> entries = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT question, answer FROM corrections"
                    + " WHERE property_id = ? ORDER BY created_at, rowid")) {
                query.setString(1, propertyId);
                List<String[]> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
                return found;
            }
        });
        StringBuilder markdown = new StringBuilder("# Corrections\n\n");
        for (String[] entry : entries) {
            markdown.append("## ").append(entry[0]).append("\n\n");
            // A line of the answer starting with '#' would read as a heading of its own.
            entry[1].lines().forEach(line -> markdown.append(line.replaceFirst("^\\s*#+", "")).append('\n'));
            markdown.append('\n');
        }
        return markdown.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").replaceFirst("^#+", "").strip();
    }
}
