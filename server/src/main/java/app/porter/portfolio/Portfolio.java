package app.porter.portfolio;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.Conflict;
import app.porter.errors.NotFound;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The firm's properties and their units. Tenants belong to a unit of a property (how they prove it comes later);
 * knowledge-base documents are scoped to the portfolio, a property or a unit.
 */
public final class Portfolio {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("portfolio", 1), Migration.of("portfolio", 2));

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    public Portfolio(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** Adds {@code property} unless one with its id exists; returns true when it was added. Not audited (system set-up). */
    public boolean addIfAbsent(Property property) {
        return database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO properties (id, name, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, property.id());
                insert.setString(2, property.name());
                insert.setString(3, clock.instant().toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    /**
     * An admin adds a property. Audited.
     *
     * @throws Conflict when a property with its id exists
     */
    public Property create(Actor actor, Property property) {
        actor.require("adding a property", Role.ADMIN);
        if (!addIfAbsent(property)) {
            throw new Conflict("a property with this id exists");
        }
        audit.append(actor.who(), "portfolio.property.created", property.id());
        return property;
    }

    /**
     * An admin adds a unit to an existing property. Audited.
     *
     * @throws NotFound when there is no such property
     * @throws Conflict when the property already has a unit with that id
     */
    public Unit addUnit(Actor actor, Unit unit) {
        actor.require("adding a unit", Role.ADMIN);
        if (find(unit.propertyId()).isEmpty()) {
            throw new NotFound("no such property");
        }
        if (!addUnitIfAbsent(unit)) {
            throw new Conflict("this property already has a unit with this id");
        }
        audit.append(actor.who(), "portfolio.unit.created", unit.propertyId() + "/" + unit.id());
        return unit;
    }

    /**
     * An admin renames a property (its id stays). Audited.
     *
     * @throws NotFound when there is no such property
     */
    public Property rename(Actor actor, String id, String name) {
        actor.require("renaming a property", Role.ADMIN);
        Property renamed = new Property(find(id).orElseThrow(() -> new NotFound("no such property")).id(), name);
        database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE properties SET name = ? WHERE id = ?")) {
                update.setString(1, renamed.name());
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
        audit.append(actor.who(), "portfolio.property.renamed", id);
        return renamed;
    }

    /**
     * An admin names a unit anew (its id stays; a null name clears it). Audited.
     *
     * @throws NotFound when there is no such unit
     */
    public Unit renameUnit(Actor actor, String propertyId, String unitId, String name) {
        actor.require("renaming a unit", Role.ADMIN);
        findUnit(propertyId, unitId).orElseThrow(() -> new NotFound("no such unit"));
        Unit renamed = new Unit(propertyId, unitId, name);
        database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE units SET name = ? WHERE property_id = ? AND id = ?")) {
                update.setString(1, renamed.name());
                update.setString(2, propertyId);
                update.setString(3, unitId);
                return update.executeUpdate();
            }
        });
        audit.append(actor.who(), "portfolio.unit.renamed", propertyId + "/" + unitId);
        return renamed;
    }

    /** Adds {@code unit} unless it exists; returns true when it was added. Not audited (system set-up). */
    public boolean addUnitIfAbsent(Unit unit) {
        return database.read(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO units (property_id, id, name, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, unit.propertyId());
                insert.setString(2, unit.id());
                insert.setString(3, unit.name());
                insert.setString(4, clock.instant().toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    public Optional<Property> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM properties WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(new Property(row.getString(1), row.getString(2))) : Optional.empty();
                }
            }
        });
    }

    public Optional<Unit> findUnit(String propertyId, String unitId) {
        if (propertyId == null || unitId == null) {
            return Optional.empty();
        }
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT name FROM units WHERE property_id = ? AND id = ?")) {
                query.setString(1, propertyId);
                query.setString(2, unitId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(new Unit(propertyId, unitId, row.getString(1))) : Optional.empty();
                }
            }
        });
    }

    public List<Property> list() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM properties ORDER BY name");
                 ResultSet rows = query.executeQuery()) {
                List<Property> properties = new ArrayList<>();
                while (rows.next()) {
                    properties.add(new Property(rows.getString(1), rows.getString(2)));
                }
                return properties;
            }
        });
    }

    /** The units of {@code propertyId}, by id. */
    public List<Unit> units(String propertyId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, name FROM units WHERE property_id = ? ORDER BY id")) {
                query.setString(1, propertyId);
                List<Unit> units = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        units.add(new Unit(propertyId, rows.getString(1), rows.getString(2)));
                    }
                }
                return units;
            }
        });
    }
}
