package app.porter.tickets;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.errors.Conflict;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.privacy.Expirer;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Maintenance tickets: opened by the maintenance flow, listed and exported for staff, looked up by tenants.
 * References count up per ticket prefix from 1001 ({@code MC-1001}, {@code MC-1002}, ...): two properties whose
 * prefixes are the same (maple-court and main-court are both MC by default) share one sequence, so a reference
 * stays unique.
 * <p>
 * This class is the public face (roles, audit entries, listeners, creating and changing tickets); the parts with a
 * concern of their own live beside it in this package: {@link TicketSealing} (the details under the data key),
 * {@link TicketRows} (reading rows back), {@link TicketHistoryLog} (status history and sealed notes),
 * {@link TicketDuplicates} (the keyed unit hash) and {@link TicketRetention} (purging and shredding).
 */
public final class Tickets {

    /** The key ring binds a wrapped key to its row; "ticket:" keeps it apart from conversation keys. */
    static final String KEY_PREFIX = "ticket:";
    /** Where tickets keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS = new KeyRing.WrappedKeyTable("tickets", "id", KEY_PREFIX);

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("tickets", 1), Migration.of("tickets", 2));
    /** In the order a repair goes through them (the console lists them so). */
    public static final List<String> STATUSES = List.of("open", "scheduled", "in-progress", "completed", "cancelled");
    /** How a reference looks in a tenant's message: letters, a dash, digits ("MC-1042", "mc 1042"). */
    public static final Pattern REFERENCE = Pattern.compile("\\b([A-Za-z]{1,5})[- ]?(\\d{4,7})\\b");
    private static final int FIRST_NUMBER = 1001;
    /** The longest note staff may add to a status change. */
    public static final int MAX_NOTE = 4000;

    private static final Logger LOG = System.getLogger(Tickets.class.getName());

    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final Clock clock;
    /** The tenant's details, sealed under each ticket's data key. */
    private final TicketSealing sealing;
    /** Reads tickets back from their rows, details unsealed. */
    private final TicketRows rows;
    /** Each ticket's status and assignment steps, with staff's sealed notes. */
    private final TicketHistoryLog historyLog;
    /** Open tickets of the same unit, by the keyed hash of the unit. */
    private final TicketDuplicates duplicates;
    private final List<Consumer<Ticket>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<StatusChange>> statusListeners = new CopyOnWriteArrayList<>();
    /** Who may be assigned tickets, by username; none until the launcher wires the staff accounts in. */
    private volatile Function<String, Optional<Actor>> staff = username -> Optional.empty();

    public Tickets(Database database, KeyRing keys, AuditLog audit, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.sealing = new TicketSealing(keys);
        this.rows = new TicketRows(database, sealing);
        this.historyLog = new TicketHistoryLog(database, sealing);
        this.duplicates = new TicketDuplicates(database, keys);
    }

    /** Called with every new ticket (e.g. the webhook). */
    public void onCreated(Consumer<Ticket> listener) {
        listeners.add(listener);
    }

    /**
     * Called after a status change has committed, for the tenant's widget (the launcher passes it to the tenant's
     * event stream, so tickets need not know about chat). Carries the status only, never the note.
     */
    public void onStatusChanged(Consumer<StatusChange> listener) {
        statusListeners.add(listener);
    }

    /**
     * Where assignees are looked up: an active staff account by username (the launcher passes the staff
     * accounts'), so a ticket is only ever assigned to a person who exists.
     */
    public void assignableFrom(Function<String, Optional<Actor>> activeStaff) {
        this.staff = activeStaff;
    }

    /**
     * Retention of maintenance tickets: finished ones (completed or cancelled) not updated since the cutoff are
     * purged, their data key destroyed first and committed on its own, then the rows. Open work is never purged.
     */
    public Expirer retention() {
        return TicketRetention.expirer(database);
    }

    /**
     * Destroys the data keys of the tickets raised in {@code conversationIds}: their rows stay as the firm's
     * maintenance records, what the tenant typed (apartment, description, phone, e-mail) becomes unreadable.
     */
    public static void shredDetails(Connection connection, List<String> conversationIds) throws SQLException {
        TicketRetention.shredDetails(connection, conversationIds);
    }

    public Ticket create(NewTicket t) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        byte[] dataKey = Aead.newKey();
        Ticket ticket;
        try {
            KeyRing.Wrapped wrapped = keys.wrap(dataKey, KEY_PREFIX + id);
            byte[] sealed = TicketSealing.seal(id, t.details(), dataKey);
            ticket = database.transaction(connection -> {
                int number;
                try (PreparedStatement query = connection.prepareStatement(
                        // "MC-" up to "MC." ('.' follows '-'): this prefix's references, by the unique index.
                        "SELECT COALESCE(MAX(number), ?) + 1 FROM tickets WHERE reference > ? AND reference < ?")) {
                    query.setInt(1, FIRST_NUMBER - 1);
                    query.setString(2, t.ticketPrefix() + "-");
                    query.setString(3, t.ticketPrefix() + ".");
                    try (ResultSet row = query.executeQuery()) {
                        row.next();
                        number = row.getInt(1);
                    }
                }
                String reference = t.ticketPrefix() + "-" + number;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO tickets (id, reference, number, property_id, conversation_id, category, urgency,"
                                + " entry_permitted, pets, contact, language, status, created_at, updated_at,"
                                + " wrapped_key, details, kek_version, unit_key)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, reference);
                    insert.setInt(3, number);
                    insert.setString(4, t.propertyId());
                    insert.setString(5, t.conversationId());
                    insert.setString(6, t.category());
                    insert.setString(7, t.urgency());
                    setBoolean(insert, 8, t.entryPermitted());
                    setBoolean(insert, 9, t.pets());
                    insert.setString(10, t.contact());
                    insert.setString(11, t.language());
                    insert.setString(12, now.toString());
                    insert.setString(13, now.toString());
                    insert.setBytes(14, wrapped.key());
                    insert.setBytes(15, sealed);
                    insert.setInt(16, wrapped.kekVersion());
                    insert.setBytes(17, duplicates.unitKey(t.details().unit()));
                    insert.executeUpdate();
                }
                return new Ticket(id, reference, t.propertyId(), t.conversationId(), t.category(), t.urgency(),
                        t.entryPermitted(), t.pets(), t.contact(), t.language(), "open", now, now, t.details(),
                        null, null);
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
        audit.append("porter", "ticket.created", "ticket/" + ticket.reference());
        database.afterCommit(() -> {
            for (Consumer<Ticket> listener : listeners) {
                try {
                    listener.accept(ticket);
                } catch (RuntimeException e) {
                    // The ticket is stored: a failing listener must not make the flow think it was not.
                    LOG.log(Level.WARNING, "ticket listener failed: " + e.getClass().getName());
                }
            }
        });
        return ticket;
    }

    /**
     * The ticket with {@code reference} (any case, with or without the dash), for the tenant who quotes it in the
     * conversation; staff read tickets with {@link #read}, which is audited.
     */
    public Optional<Ticket> find(String reference) {
        var m = REFERENCE.matcher(reference.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String normalized = m.group(1).toUpperCase(Locale.ROOT) + "-" + m.group(2);
        List<Ticket> found = rows.query("WHERE reference = ?", normalized, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /**
     * A staff read of one ticket (it holds what the tenant typed): needs the admin or agent role; audited.
     *
     * @throws NotFound when there is no such ticket
     */
    public Ticket read(Actor actor, String reference) {
        actor.require("reading tickets", Role.ADMIN, Role.AGENT);
        Ticket ticket = find(reference).orElseThrow(() -> new NotFound("no such ticket"));
        audit.append(actor.who(), "ticket.read", "ticket/" + ticket.reference());
        return ticket;
    }

    /** Tickets newest first, optionally of one property ({@code propertyId} null for all); audited as one read. */
    public List<Ticket> list(Actor actor, String propertyId, int limit) {
        actor.require("reading tickets", Role.ADMIN, Role.AGENT);
        List<Ticket> tickets = list(propertyId, limit);
        audit.append(actor.who(), "tickets.list", propertyId == null ? "tickets" : "tickets/" + propertyId);
        return tickets;
    }

    /** Every ticket (or one property's) as CSV for the office's spreadsheet; audited. */
    public String exportCsv(Actor actor, String propertyId) {
        actor.require("exporting tickets", Role.ADMIN, Role.AGENT);
        String csv = TicketCsv.write(list(propertyId, Integer.MAX_VALUE));
        audit.append(actor.who(), "tickets.export", propertyId == null ? "tickets" : "tickets/" + propertyId);
        return csv;
    }

    private List<Ticket> list(String propertyId, int limit) {
        return propertyId == null ? rows.query("", null, limit)
                : rows.query("WHERE property_id = ?", propertyId, limit);
    }

    /** The tickets raised in a conversation as the admin API shows them, for a data-subject export. */
    public JsonValue exportOf(String conversationId) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        ofConversation(conversationId).forEach(t -> array.add(TicketJson.json(t)));
        return array.build();
    }

    /** This conversation's tickets, newest first. */
    public List<Ticket> ofConversation(String conversationId) {
        return rows.query("WHERE conversation_id = ?", conversationId, 50);
    }

    /** {@link #setStatus(Actor, String, String, String)} without a note. */
    public Ticket setStatus(Actor actor, String reference, String status) {
        return setStatus(actor, reference, status, null);
    }

    /**
     * Moves a ticket to {@code status} (one of {@link #STATUSES}) with an optional note for the ticket's history:
     * needs the admin or agent role; audited once. The note is sealed under the ticket's data key (staff may
     * write the tenant's details into it) and only staff read it back; the tenant's widget hears the new status.
     *
     * @throws InvalidInput for another status, or a note over {@link #MAX_NOTE} characters
     * @throws Conflict for a note on a ticket whose details were erased (there is no key left to seal it with)
     * @throws NotFound when there is no such ticket
     */
    public Ticket setStatus(Actor actor, String reference, String status, String note) {
        actor.require("updating tickets", Role.ADMIN, Role.AGENT);
        if (!STATUSES.contains(status)) {
            throw new InvalidInput("status must be one of " + String.join(", ", STATUSES));
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && text.length() > MAX_NOTE) {
            throw new InvalidInput("a note is at most " + MAX_NOTE + " characters");
        }
        Ticket ticket = find(reference).orElseThrow(() -> new NotFound("no such ticket"));
        Instant now = clock.instant();
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, status);
                update.setString(2, now.toString());
                update.setString(3, ticket.id());
                update.executeUpdate();
            }
            byte[] sealedNote = text == null ? null : historyLog.sealNote(connection, ticket.id(), text);
            historyLog.appendHistory(connection, ticket.id(), now, actor.who(), "status", status, null, sealedNote);
            return null;
        });
        audit.append(actor.who(), "ticket." + status, "ticket/" + ticket.reference());
        if (ticket.conversationId() != null && !ticket.status().equals(status)) {
            StatusChange change = new StatusChange(ticket.conversationId(), ticket.reference(), status);
            database.afterCommit(() -> {
                for (Consumer<StatusChange> listener : statusListeners) {
                    try {
                        listener.accept(change);
                    } catch (RuntimeException e) {
                        // The status is stored: the tenant's widget hearing of it is a courtesy.
                        LOG.log(Level.WARNING, "ticket status listener failed: " + e.getClass().getName());
                    }
                }
            });
        }
        return find(reference).orElseThrow();
    }

    /**
     * Assigns a ticket to the staff member {@code username} (an active admin or agent), or unassigns it when
     * {@code username} is null or blank: needs the admin or agent role; audited once, and kept in the history.
     *
     * @throws InvalidInput when there is no such active person, or they are an auditor
     * @throws NotFound when there is no such ticket
     */
    public Ticket assign(Actor actor, String reference, String username) {
        actor.require("assigning tickets", Role.ADMIN, Role.AGENT);
        String assignee = null;
        if (username != null && !username.isBlank()) {
            Actor person = staff.apply(username.strip()).orElseThrow(
                    () -> new InvalidInput("no active staff member " + username.strip()));
            if (person.role() != Role.ADMIN && person.role() != Role.AGENT) {
                throw new InvalidInput(person.who() + " is an auditor and cannot work tickets");
            }
            assignee = person.who();
        }
        Ticket ticket = find(reference).orElseThrow(() -> new NotFound("no such ticket"));
        Instant now = clock.instant();
        String to = assignee;
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tickets SET assignee = ?, assigned_at = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, to);
                update.setString(2, now.toString());
                update.setString(3, now.toString());
                update.setString(4, ticket.id());
                update.executeUpdate();
            }
            historyLog.appendHistory(connection, ticket.id(), now, actor.who(), "assigned", null, to, null);
            return null;
        });
        audit.append(actor.who(), to == null ? "ticket.unassigned" : "ticket.assigned",
                "ticket/" + ticket.reference() + (to == null ? "" : " to " + to));
        return find(reference).orElseThrow();
    }

    /**
     * The ticket's history, oldest first, notes decrypted: staff only (admin or agent); audited as a read.
     *
     * @throws NotFound when there is no such ticket
     */
    public List<TicketHistory> history(Actor actor, String reference) {
        actor.require("reading tickets", Role.ADMIN, Role.AGENT);
        Ticket ticket = find(reference).orElseThrow(() -> new NotFound("no such ticket"));
        List<TicketHistory> history = historyLog.read(ticket);
        audit.append(actor.who(), "ticket.history", "ticket/" + ticket.reference());
        return history;
    }

    /**
     * The references of the other open tickets of the same property, unit and category as this one, if it is open
     * itself: possible duplicates for staff to merge or cancel. The link is worked out when asked, from the keyed
     * hash of the unit stored when each ticket was opened, so closing one of two duplicates unflags the other.
     * Reads no tenant details, so it is not audited on its own (staff see it beside an audited read).
     *
     * @throws NotFound when there is no such ticket
     */
    public List<String> possibleDuplicates(Actor actor, String reference) {
        actor.require("reading tickets", Role.ADMIN, Role.AGENT);
        Ticket ticket = find(reference).orElseThrow(() -> new NotFound("no such ticket"));
        return duplicates.possibleDuplicates(ticket.id()).getOrDefault(ticket.reference(), List.of());
    }

    /** Every open ticket that has possible duplicates, by reference, for the ticket list: one query. */
    public Map<String, List<String>> possibleDuplicates(Actor actor) {
        actor.require("reading tickets", Role.ADMIN, Role.AGENT);
        return duplicates.possibleDuplicates(null);
    }

    private static void setBoolean(PreparedStatement statement, int index, Boolean value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value ? 1 : 0);
        }
    }
}
