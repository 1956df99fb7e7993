package app.porter.escalation;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.privacy.DataClass;
import app.porter.privacy.Expirer;
import app.porter.privacy.TableExpirer;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Hands conversations to staff and keeps the list the on-call person works from. Raising is idempotent per
 * conversation, reason and kind while the escalation is open, so a tenant repeating "I smell gas" alerts staff once.
 */
public final class Escalations {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("escalation", 1),
            Migration.of("escalation", 2), Migration.of("escalation", 3));
    public static final List<String> STATUSES = List.of("open", "acknowledged", "resolved");

    private static final Logger LOG = System.getLogger(Escalations.class.getName());

    /** The order of {@link Escalation#PRIORITIES} in SQL. */
    private static final String PRIORITY_ORDER = "CASE reason WHEN 'emergency' THEN 0 WHEN 'tenant-request' THEN 1"
            + " ELSE 2 END";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Consumer<Escalation>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Escalation>> firstReplyListeners = new CopyOnWriteArrayList<>();

    public Escalations(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Retention of escalations: resolved ones not updated since the cutoff are deleted. They hold no tenant text
     * (staff open the conversation itself), so there is no key to destroy first.
     */
    public Expirer retention() {
        return new TableExpirer(database, DataClass.ESCALATIONS, "escalations",
                "status = 'resolved' AND updated_at < ?", false);
    }

    /** Called with every newly raised escalation (e.g. the on-call webhook). */
    public void onRaised(Consumer<Escalation> listener) {
        listeners.add(listener);
    }

    /** Called, once committed, when staff first answer an escalation's tenant ({@code firstReplyAt} is set). */
    public void onFirstReply(Consumer<Escalation> listener) {
        firstReplyListeners.add(listener);
    }

    /** Raises an escalation, or returns the open one for the same conversation, reason and kind. */
    public Escalation raise(String conversationId, String propertyId, String reason, String kind) {
        Instant now = clock.instant();
        Escalation[] created = new Escalation[1];
        Escalation result = database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM escalations WHERE conversation_id = ? AND reason = ?"
                            + " AND kind IS ? AND status <> 'resolved' ORDER BY created_at DESC LIMIT 1")) {
                query.setString(1, conversationId);
                query.setString(2, reason);
                query.setString(3, kind);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return find(row.getString(1)).orElseThrow();
                    }
                }
            }
            Escalation escalation = new Escalation(UUID.randomUUID().toString(), conversationId, propertyId, reason,
                    kind, "open", now, now, null, null);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO escalations (id, conversation_id, property_id, reason, kind, status, created_at,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, escalation.id());
                insert.setString(2, conversationId);
                insert.setString(3, propertyId);
                insert.setString(4, reason);
                insert.setString(5, kind);
                insert.setString(6, "open");
                insert.setString(7, now.toString());
                insert.setString(8, now.toString());
                insert.executeUpdate();
            }
            created[0] = escalation;
            return escalation;
        });
        if (created[0] != null) {
            audit.append("porter", "escalation.raised", "escalation/" + result.id());
            database.afterCommit(() -> notify(listeners, created[0]));
        }
        return result;
    }

    private static void notify(List<Consumer<Escalation>> listeners, Escalation escalation) {
        for (Consumer<Escalation> listener : listeners) {
            try {
                listener.accept(escalation);
            } catch (RuntimeException e) {
                // The escalation is stored and staff see it in the console: the tenant still gets the answer.
                LOG.log(Level.WARNING, "escalation listener failed: " + e.getClass().getName());
            }
        }
    }

    /**
     * Escalations, newest first, for staff: needs the admin or agent role.
     *
     * @param status one of {@link #STATUSES}, or null for all
     * @throws InvalidInput for another status
     */
    public List<Escalation> list(Actor actor, String status, int limit) {
        actor.require("reading escalations", Role.ADMIN, Role.AGENT);
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidInput("status must be one of " + String.join(", ", STATUSES));
        }
        return query("WHERE (?1 IS NULL OR status = ?1)", status, limit);
    }

    /**
     * The inbox: escalations not yet resolved, emergencies first, then tenant requests, then flows, oldest first
     * within each. Needs the admin or agent role.
     */
    public List<Escalation> queue(Actor actor, int limit) {
        actor.require("reading escalations", Role.ADMIN, Role.AGENT);
        return query("WHERE status <> 'resolved'", PRIORITY_ORDER + ", created_at", null, limit);
    }

    /**
     * Escalations still waiting for a first staff answer past their target at {@code now}, oldest first: what the
     * SLA watch announces to staff (once each). A system job, so no actor.
     */
    public List<Escalation> breached(Sla sla, Instant now) {
        return query("WHERE status <> 'resolved' AND first_reply_at IS NULL", "created_at", null, 1000).stream()
                .filter(e -> sla.breached(e, now))
                .toList();
    }

    /**
     * Who holds the conversation, if anyone: the claim of an unresolved escalation of it. Routing asks this on every
     * message (the bot stays quiet while staff hold the conversation), so it is one indexed query.
     */
    public Optional<Escalation.Claim> holder(String conversationId) {
        return query("WHERE conversation_id = ?1 AND status <> 'resolved' AND claimed_by IS NOT NULL",
                "claimed_at", conversationId, 1).stream().map(Escalation::claim).findFirst();
    }

    /**
     * {@code actor} takes the escalation over: the conversation is held (the bot stays quiet) until it is handed
     * back. Needs the admin or agent role; audited. Claiming one's own claim again changes nothing.
     *
     * @throws NotFound when there is no such escalation
     * @throws Conflict when it is resolved, or someone else holds it
     */
    public Escalation claim(Actor actor, String id) {
        actor.require("claiming escalations", Role.ADMIN, Role.AGENT);
        return database.transaction(connection -> claim(connection, actor, id));
    }

    private Escalation claim(Connection connection, Actor actor, String id) throws SQLException {
        Escalation e = find(id).orElseThrow(() -> new NotFound("no such escalation"));
        if ("resolved".equals(e.status())) {
            throw new Conflict("this escalation is resolved; the tenant can ask for a person again");
        }
        if (e.claim() != null) {
            if (!e.claim().who().equals(actor.who())) {
                throw new Conflict("already claimed by " + e.claim().displayName());
            }
            return e;
        }
        Instant now = clock.instant();
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalations SET status = 'acknowledged',"
                + " claimed_by = ?, claimed_name = ?, claimed_at = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, actor.who());
            update.setString(2, actor.displayName());
            update.setString(3, now.toString());
            update.setString(4, now.toString());
            update.setString(5, id);
            update.executeUpdate();
        }
        audit.append(actor.who(), "escalation.claimed", "escalation/" + id);
        return find(id).orElseThrow();
    }

    /**
     * Records that {@code actor} answered the tenant: claims the escalation first when nobody holds it, and keeps
     * the first answer's time (the SLA). Needs the admin or agent role; audited.
     *
     * @param stored stores the reply in the same transaction (so a refused claim stores nothing)
     * @throws NotFound when there is no such escalation
     * @throws Conflict when it is resolved, or someone else holds it
     */
    public <T> T reply(Actor actor, String id, Database.Work<T> stored) {
        actor.require("replying to tenants", Role.ADMIN, Role.AGENT);
        return database.transaction(connection -> {
            Escalation e = claim(connection, actor, id);
            T result = stored.apply(connection);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE escalations SET first_reply_at = COALESCE(first_reply_at, ?), updated_at = ? WHERE id = ?")) {
                String now = clock.instant().toString();
                update.setString(1, now);
                update.setString(2, now);
                update.setString(3, e.id());
                update.executeUpdate();
            }
            audit.append(actor.who(), "escalation.replied", "escalation/" + id);
            if (e.firstReplyAt() == null) {
                Escalation answered = find(e.id()).orElseThrow();
                database.afterCommit(() -> notify(firstReplyListeners, answered));
            }
            return result;
        });
    }

    /**
     * Hands the conversation back to the bot: every unresolved escalation of it is resolved, so nothing holds it
     * any more. Needs the admin or agent role; audited.
     *
     * @throws NotFound when there is no such escalation
     */
    public Escalation release(Actor actor, String id) {
        actor.require("handing conversations back", Role.ADMIN, Role.AGENT);
        Escalation e = find(id).orElseThrow(() -> new NotFound("no such escalation"));
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE escalations SET status = 'resolved',"
                    + " updated_at = ? WHERE conversation_id = ? AND status <> 'resolved'")) {
                update.setString(1, clock.instant().toString());
                update.setString(2, e.conversationId());
                update.executeUpdate();
            }
            audit.append(actor.who(), "escalation.released", "escalation/" + id);
            return null;
        });
        return find(id).orElseThrow();
    }

    public Optional<Escalation> find(String id) {
        return query("WHERE id = ?1", id, 1).stream().findFirst();
    }

    /** Why the conversation was handed to staff, oldest first, each reason once ({@code emergency}, ...). */
    public List<String> reasonsOf(String conversationId) {
        return query("WHERE conversation_id = ?1", "created_at", conversationId, Integer.MAX_VALUE).stream()
                .map(Escalation::reason).distinct().toList();
    }

    private List<Escalation> query(String where, String parameter, int limit) {
        return query(where, "created_at DESC", parameter, limit);
    }

    private List<Escalation> query(String where, String order, String parameter, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, conversation_id, property_id, reason, kind, status, created_at, updated_at,"
                            + " claimed_by, claimed_name, claimed_at, first_reply_at"
                            + " FROM escalations " + where + " ORDER BY " + order + " LIMIT ?2")) {
                query.setString(1, parameter);
                query.setInt(2, limit);
                List<Escalation> list = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String claimedBy = rows.getString(9);
                        Escalation.Claim claim = claimedBy == null ? null : new Escalation.Claim(claimedBy,
                                rows.getString(10), Instant.parse(rows.getString(11)));
                        String firstReply = rows.getString(12);
                        list.add(new Escalation(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6),
                                Instant.parse(rows.getString(7)), Instant.parse(rows.getString(8)), claim,
                                firstReply == null ? null : Instant.parse(firstReply)));
                    }
                }
                return list;
            }
        });
    }

    /**
     * Moves an escalation to {@code status}: needs the admin or agent role; recorded in the audit log under the actor.
     *
     * @throws InvalidInput for a status not in {@link #STATUSES}
     * @throws NotFound when there is no such escalation
     */
    public Escalation setStatus(Actor actor, String id, String status) {
        actor.require("updating escalations", Role.ADMIN, Role.AGENT);
        if (!STATUSES.contains(status)) {
            throw new InvalidInput("status must be one of " + String.join(", ", STATUSES));
        }
        int changed = database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE escalations SET status = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, status);
                update.setString(2, clock.instant().toString());
                update.setString(3, id);
                return update.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new NotFound("no such escalation");
        }
        audit.append(actor.who(), "escalation." + status, "escalation/" + id);
        return find(id).orElseThrow();
    }
}
