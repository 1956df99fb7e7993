package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;

import app.porter.errors.InvalidInput;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;

/**
 * Where a document belongs and what a conversation may see: the whole portfolio (both ids null), one property,
 * or one unit of a property.
 *
 * <p>As a <em>document's</em> scope it says who may receive its passages. As an <em>asker's</em> scope it says
 * what they may see: a tenant of unit 4B at Harbor View sees portfolio-wide documents, Harbor View's documents and
 * unit 4B's documents, and nothing of another property or another unit.
 *
 * @param propertyId null for the whole portfolio
 * @param unitId null unless the scope is one unit of {@code propertyId}
 */
public record Scope(String propertyId, String unitId) {

    public static final Scope PORTFOLIO = new Scope(null, null);
    static final String PORTFOLIO_KEY = "portfolio";

    public Scope {
        if (unitId != null && propertyId == null) {
            throw new InvalidInput("a unit scope needs its property");
        }
        if (propertyId != null && !propertyId.matches(Property.ID_PATTERN)) {
            throw new InvalidInput("property id must be 1-64 lowercase letters, digits or '-'");
        }
        if (unitId != null && !unitId.matches(Unit.ID_PATTERN)) {
            throw new InvalidInput("unit id must be 1-32 letters, digits or '-'");
        }
    }

    public static Scope property(String propertyId) {
        return new Scope(propertyId, null);
    }

    public static Scope unit(String propertyId, String unitId) {
        return new Scope(propertyId, unitId);
    }

    /** {@code portfolio}, {@code property} or {@code unit}. */
    public String level() {
        return unitId != null ? "unit" : propertyId != null ? "property" : "portfolio";
    }

    /**
     * This scope as one indexed keyword: {@code portfolio}, {@code property:<id>} or {@code unit:<property>/<unit>}.
     * Neither id can contain ':' or '/', so keys never collide.
     */
    public String key() {
        return unitId != null ? "unit:" + propertyId + "/" + unitId
                : propertyId != null ? "property:" + propertyId : PORTFOLIO_KEY;
    }

    /** The keys of the document scopes an asker in this scope may see: this scope and every scope above it. */
    public List<String> visibleKeys() {
        List<String> keys = new ArrayList<>(3);
        keys.add(PORTFOLIO_KEY);
        if (propertyId != null) {
            keys.add(property(propertyId).key());
        }
        if (unitId != null) {
            keys.add(key());
        }
        return keys;
    }

    /** True when an asker in this scope may see a document scoped to {@code document}. */
    public boolean sees(Scope document) {
        return visibleKeys().contains(document.key());
    }

    /** For people: "whole portfolio", "maple-court", "harbor-view / 4B". */
    public String label() {
        return unitId != null ? propertyId + " / " + unitId : propertyId != null ? propertyId : "whole portfolio";
    }
}
