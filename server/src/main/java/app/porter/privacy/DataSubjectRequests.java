package app.porter.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;
import app.porter.crypto.ApplianceKey;
import app.porter.errors.InvalidInput;

/**
 * Data-subject requests: export everything held about a subject as JSON, and erase it (crypto-shredding) with a
 * receipt signed by the appliance's Ed25519 key. Every request is audited, refused ones too.
 *
 * <p>A subject is, today, a set of conversations: tenants have no identity beyond the conversations they hold a
 * token for. {@link Subject} already has room for a tenant id; when a tenant directory exists it resolves a tenant
 * to their conversations through {@link TenantDirectory} and nothing else here changes.
 */
public final class DataSubjectRequests {

    /** Maps a tenant to the conversations they had. None exists yet; see {@link #NO_TENANTS}. */
    @FunctionalInterface
    public interface TenantDirectory {
        /** The tenant's conversation ids, or empty when the tenant is unknown. */
        Optional<List<String>> conversationsOf(String tenantId);
    }

    public static final TenantDirectory NO_TENANTS = tenantId -> {
        throw new InvalidInput("tenants have no identity in this version: name the conversations"
                + " (\"conversationIds\")");
    };

    /** Whom a request is about: some conversations, or a tenant (resolved to their conversations). */
    public record Subject(List<String> conversationIds, String tenantId) {
        public Subject {
            conversationIds = conversationIds == null ? List.of() : List.copyOf(conversationIds);
            if (conversationIds.isEmpty() && (tenantId == null || tenantId.isBlank())) {
                throw new InvalidInput("name the subject: \"conversationIds\" or \"tenantId\"");
            }
            if (conversationIds.size() > 1000) {
                throw new InvalidInput("at most 1000 conversations per request");
            }
        }

        public static Subject conversation(String id) {
            return new Subject(List.of(id), null);
        }
    }

    private final SubjectRecords records;
    private final LegalHolds legalHolds;
    private final AuditLog audit;
    private final ApplianceKey key;
    private final Clock clock;
    private final TenantDirectory tenants;

    public DataSubjectRequests(SubjectRecords records, LegalHolds legalHolds, AuditLog audit, ApplianceKey key,
                               Clock clock, TenantDirectory tenants) {
        this.records = records;
        this.legalHolds = legalHolds;
        this.audit = audit;
        this.key = key;
        this.clock = clock;
        this.tenants = tenants;
    }

    /**
     * A staff export ({@link #export(Subject, String, String)}) of what is held about a tenant: needs the admin role.
     *
     * @throws RecordNotFoundException when a named conversation or tenant does not exist (nothing is exported)
     */
    public JsonObject export(Actor actor, Subject subject, String reason) {
        actor.require("exporting tenant data", Role.ADMIN);
        return export(subject, actor.who(), reason);
    }

    /**
     * Everything held about {@code subject}, as {@code {"exportedAt", "subject", "conversations": [...]}}. Each
     * exported conversation is audited ({@code dsr.exported}, with the stated reason). Called as it is for the
     * tenant's own self-service export (authorised by the conversation's token); staff go through
     * {@link #export(Actor, Subject, String)}.
     *
     * @throws RecordNotFoundException when a named conversation does not exist (nothing is exported)
     */
    public JsonObject export(Subject subject, String actor, String reason) {
        List<String> ids = conversationsOf(subject);
        List<JsonObject> found = new ArrayList<>();
        for (String id : ids) {
            Optional<JsonObject> conversation = records.export(id);
            if (conversation.isEmpty()) {
                audit.append(actor, "dsr.export.refused", safeId(id), "unknown conversation");
                throw new RecordNotFoundException("no such conversation: " + safeId(id));
            }
            found.add(conversation.get());
        }
        JsonArrayBuilder conversations = Json.createArrayBuilder();
        for (int i = 0; i < found.size(); i++) {
            audit.append(actor, "dsr.exported", ids.get(i), reason);
            conversations.add(found.get(i));
        }
        JsonArrayBuilder subjectIds = Json.createArrayBuilder();
        ids.forEach(subjectIds::add);
        return Json.createObjectBuilder()
                .add("format", "porter.export/v1")
                .add("exportedAt", clock.instant().toString())
                .add("subject", Json.createObjectBuilder().add("conversationIds", subjectIds))
                .add("conversations", conversations)
                .build();
    }

    /**
     * A staff read of one conversation (e.g. to help with an escalation): needs the admin or agent role; audited
     * {@code conversation.read} with the stated reason before anything is returned.
     *
     * @throws RecordNotFoundException for an unknown conversation
     */
    public JsonObject read(Actor actor, String conversationId, String reason) {
        actor.require("reading conversations", Role.ADMIN, Role.AGENT);
        JsonObject conversation = records.export(conversationId)
                .orElseThrow(() -> new RecordNotFoundException("no such conversation"));
        audit.append(actor.who(), "conversation.read", conversationId, reason);
        return conversation;
    }

    /**
     * A staff erasure of everything held about {@code subject}, one signed receipt per conversation: needs the admin
     * role. The subject is resolved first, so an unresolvable tenant is refused before anything is erased; a
     * conversation that cannot be erased stops the request, and the refusal says how many before it were.
     *
     * @throws RecordNotFoundException for an unknown conversation or tenant
     * @throws LegalHoldException for a conversation under legal hold
     */
    public List<ErasureReceipt> erase(Actor actor, Subject subject, String reason) {
        actor.require("erasing tenant data", Role.ADMIN);
        List<ErasureReceipt> receipts = new ArrayList<>();
        for (String id : conversationsOf(subject)) {
            try {
                receipts.add(erase(id, actor.who(), reason));
            } catch (RecordNotFoundException e) {
                throw new RecordNotFoundException(e.getMessage() + erasedSoFar(receipts));
            } catch (LegalHoldException e) {
                throw new LegalHoldException(e.getMessage() + erasedSoFar(receipts));
            }
        }
        return receipts;
    }

    private static String erasedSoFar(List<ErasureReceipt> receipts) {
        return receipts.isEmpty() ? " (nothing was erased)"
                : " (" + receipts.size() + " conversation(s) before it were erased; see the audit log)";
    }

    /**
     * Erases one conversation and signs a receipt for it (the tenant's self-service erasure, authorised by the
     * conversation's token; staff go through {@link #erase(Actor, Subject, String)}). The erasure and its audit entry
     * are one transaction.
     *
     * @throws RecordNotFoundException for an unknown or already erased conversation (audited as refused)
     * @throws LegalHoldException when it is under legal hold (audited as refused)
     */
    public ErasureReceipt erase(String conversationId, String actor, String reason) {
        AuditEntry[] entry = new AuditEntry[1];
        Instant at = clock.instant();
        SubjectRecords.Erased erased;
        try {
            erased = records.erase(conversationId, connection ->
                    entry[0] = audit.append(connection, actor, "dsr.erased", conversationId, reason));
        } catch (RecordNotFoundException e) {
            audit.append(actor, "dsr.erase.refused", safeId(conversationId), "unknown conversation");
            throw e;
        } catch (LegalHoldException e) {
            audit.append(actor, "dsr.erase.refused", conversationId, "legal hold");
            throw e;
        }
        return ErasureReceipt.sign(key, erased.conversationId(), at, erased.messages(), actor, entry[0].seq());
    }

    /**
     * Places a legal hold with its stated reason: needs the admin role; audited {@code privacy.hold.placed}.
     *
     * @throws RecordNotFoundException for an unknown conversation
     */
    public void placeHold(Actor actor, String conversationId, String reason) {
        actor.require("placing legal holds", Role.ADMIN);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("a legal hold needs a stated reason");
        }
        legalHolds.setLegalHold(conversationId, reason.strip(), connection ->
                audit.append(connection, actor.who(), "privacy.hold.placed", conversationId, reason.strip()));
    }

    /**
     * Releases a legal hold: needs the admin role; audited {@code privacy.hold.released}.
     *
     * @throws RecordNotFoundException for an unknown conversation
     */
    public void releaseHold(Actor actor, String conversationId) {
        actor.require("releasing legal holds", Role.ADMIN);
        legalHolds.setLegalHold(conversationId, null, connection ->
                audit.append(connection, actor.who(), "privacy.hold.released", conversationId, null));
    }

    /** The conversations under legal hold, for staff: needs the admin or auditor role. */
    public List<LegalHolds.Hold> holds(Actor actor) {
        actor.require("reading legal holds", Role.ADMIN, Role.AUDITOR);
        return legalHolds.holds();
    }

    public ApplianceKey key() {
        return key;
    }

    /**
     * The conversations {@code subject} names: resolve before acting, so a subject that cannot be resolved is
     * refused before anything is erased.
     *
     * @throws InvalidInput when tenants cannot be named (see {@link #NO_TENANTS})
     * @throws RecordNotFoundException for an unknown tenant
     */
    private List<String> conversationsOf(Subject subject) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(subject.conversationIds());
        if (subject.tenantId() != null && !subject.tenantId().isBlank()) {
            ids.addAll(tenants.conversationsOf(subject.tenantId().strip())
                    .orElseThrow(() -> new RecordNotFoundException("unknown tenant")));
        }
        return List.copyOf(ids);
    }

    /** Ids are UUIDs; anything else is shown masked so request text never reaches the log verbatim. */
    static String safeId(String id) {
        String cleaned = id == null ? "" : id.replaceAll("[^A-Za-z0-9-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
