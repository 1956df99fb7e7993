package app.porter.tickets;

import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.crypto.Aead;
import app.porter.crypto.KeyRing;
import app.porter.errors.InvalidInput;
import app.porter.errors.NotFound;
import app.porter.privacy.DataClass;
import app.porter.privacy.Expirer;
import app.porter.privacy.TableExpirer;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Maintenance tickets: opened by the maintenance flow, listed and exported for staff, looked up by tenants.
 * References count up per ticket prefix from 1001 ({@code MC-1001}, {@code MC-1002}, ...): two properties whose
 * prefixes are the same (maple-court and main-court are both MC by default) share one sequence, so a reference
 * stays unique.
 */
public final class Tickets {

    /** The key ring binds a wrapped key to its row; "ticket:" keeps it apart from conversation keys. */
    static final String KEY_PREFIX = "ticket:";
    /** Where tickets keep their wrapped data keys, for KEK rotation. */
    public static final KeyRing.WrappedKeyTable WRAPPED_KEYS = new KeyRing.WrappedKeyTable("tickets", "id", KEY_PREFIX);

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("tickets", 1));
    /** In the order a repair goes through them (the console lists them so). */
    public static final List<String> STATUSES = List.of("open", "scheduled", "in-progress", "completed", "cancelled");
    /** How a reference looks in a tenant's message: letters, a dash, digits ("MC-1042", "mc 1042"). */
    public static final Pattern REFERENCE = Pattern.compile("\\b([A-Za-z]{1,5})[- ]?(\\d{4,7})\\b");
    private static final int FIRST_NUMBER = 1001;

    private static final Logger LOG = System.getLogger(Tickets.class.getName());

    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Consumer<Ticket>> listeners = new CopyOnWriteArrayList<>();

    public Tickets(Database database, KeyRing keys, AuditLog audit, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** Called with every new ticket (e.g. the webhook). */
    public void onCreated(Consumer<Ticket> listener) {
        listeners.add(listener);
    }

    /**
     * Retention of maintenance tickets: finished ones (completed or cancelled) not updated since the cutoff are
     * purged, their data key destroyed first and committed on its own, then the rows. Open work is never purged.
     */
    public Expirer retention() {
        return new TableExpirer(database, DataClass.MAINTENANCE_TICKETS, "tickets",
                "status IN ('completed', 'cancelled') AND updated_at < ?", true);
    }

    /**
     * Destroys the data keys of the tickets raised in {@code conversationIds}: their rows stay as the firm's
     * maintenance records, what the tenant typed (apartment, description, phone, e-mail) becomes unreadable.
     */
    public static void shredDetails(Connection connection, List<String> conversationIds) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tickets SET wrapped_key = X'' WHERE conversation_id = ?")) {
            for (String id : conversationIds) {
                update.setString(1, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    public Ticket create(NewTicket t) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        byte[] dataKey = Aead.newKey();
        Ticket ticket;
        try {
            KeyRing.Wrapped wrapped = keys.wrap(dataKey, KEY_PREFIX + id);
            byte[] sealed = seal(id, t.details(), dataKey);
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
                                + " wrapped_key, details, kek_version)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)")) {
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
                    insert.executeUpdate();
                }
                return new Ticket(id, reference, t.propertyId(), t.conversationId(), t.category(), t.urgency(),
                        t.entryPermitted(), t.pets(), t.contact(), t.language(), "open", now, now, t.details());
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
        List<Ticket> found = query("WHERE reference = ?", normalized, 1);
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
        return propertyId == null ? query("", null, limit) : query("WHERE property_id = ?", propertyId, limit);
    }

    /** The tickets raised in a conversation as the admin API shows them, for a data-subject export. */
    public JsonValue exportOf(String conversationId) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        ofConversation(conversationId).forEach(t -> array.add(TicketJson.json(t)));
        return array.build();
    }

    /** This conversation's tickets, newest first. */
    public List<Ticket> ofConversation(String conversationId) {
        return query("WHERE conversation_id = ?", conversationId, 50);
    }

    /**
     * Moves a ticket to {@code status} (one of {@link #STATUSES}): needs the admin or agent role; audited.
     *
     * @throws InvalidInput for another status
     * @throws NotFound when there is no such ticket
     */
    public Ticket setStatus(Actor actor, String reference, String status) {
        actor.require("updating tickets", Role.ADMIN, Role.AGENT);
        if (!STATUSES.contains(status)) {
            throw new InvalidInput("status must be one of " + String.join(", ", STATUSES));
        }
        Ticket ticket = find(reference).orElseThrow(() -> new NotFound("no such ticket"));
        database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, status);
                update.setString(2, clock.instant().toString());
                update.setString(3, ticket.id());
                return update.executeUpdate();
            }
        });
        audit.append(actor.who(), "ticket." + status, "ticket/" + ticket.reference());
        return find(reference).orElseThrow();
    }

    private List<Ticket> query(String where, String parameter, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, reference, property_id, conversation_id, category, urgency, entry_permitted, pets,"
                            + " contact, language, status, created_at, updated_at, wrapped_key, details, kek_version FROM tickets "
                            + where + " ORDER BY created_at DESC, number DESC LIMIT ?")) {
                int i = 1;
                if (parameter != null) {
                    query.setString(i++, parameter);
                }
                query.setInt(i, limit);
                List<Ticket> tickets = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        tickets.add(row(rows));
                    }
                }
                return tickets;
            }
        });
    }

    private Ticket row(ResultSet rows) throws SQLException {
        String id = rows.getString(1);
        return new Ticket(id, rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), bool(rows, 7), bool(rows, 8), rows.getString(9), rows.getString(10),
                rows.getString(11), Instant.parse(rows.getString(12)), Instant.parse(rows.getString(13)),
                unseal(id, rows.getInt(16), rows.getBytes(14), rows.getBytes(15)));
    }

    private static byte[] seal(String id, Ticket.Details d, byte[] dataKey) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        add(json, "unit", d.unit());
        add(json, "location", d.location());
        add(json, "description", d.description());
        add(json, "window", d.window());
        add(json, "phone", d.phone());
        add(json, "email", d.email());
        add(json, "staffSummary", d.staffSummary());
        byte[] plain = json.build().toString().getBytes(StandardCharsets.UTF_8);
        try {
            return Aead.encrypt(dataKey, plain, associatedData(id));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private Ticket.Details unseal(String id, int kekVersion, byte[] wrapped, byte[] sealed) {
        if (wrapped.length == 0) {
            return Ticket.Details.ERASED; // the tenant's conversation was erased: the record stays, their words do not
        }
        byte[] dataKey = keys.unwrap(kekVersion, wrapped, KEY_PREFIX + id);
        try {
            byte[] plain = Aead.decrypt(dataKey, sealed, associatedData(id));
            try (JsonReader reader = Json.createReader(new StringReader(new String(plain, StandardCharsets.UTF_8)))) {
                JsonObject o = reader.readObject();
                return new Ticket.Details(o.getString("unit", null), o.getString("location", null),
                        o.getString("description", null), o.getString("window", null), o.getString("phone", null),
                        o.getString("email", null), o.getString("staffSummary", null));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static void add(JsonObjectBuilder json, String key, String value) {
        if (value != null) {
            json.add(key, value);
        }
    }

    private static void setBoolean(PreparedStatement statement, int index, Boolean value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value ? 1 : 0);
        }
    }

    private static Boolean bool(ResultSet rows, int index) throws SQLException {
        int value = rows.getInt(index);
        return rows.wasNull() ? null : value == 1;
    }


    private static byte[] associatedData(String ticketId) {
        return ("ticket-details/" + ticketId).getBytes(StandardCharsets.UTF_8);
    }
}
