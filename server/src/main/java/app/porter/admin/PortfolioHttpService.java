package app.porter.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.admin.AdminAuth;
import app.porter.http.ApiException;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.errors.InvalidInput;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;
import app.porter.properties.PropertySetup;

/**
 * The portfolio on the admin socket, {@code /api/admin/v1/properties}: properties and units (add, rename, list) and
 * each property's settings ({@link PropertySetup}). Changes need the admin role and are audited by the services;
 * reads of the portfolio need the admin or agent role, of the settings the admin role.
 *
 * <pre>
 * curl -s -XPOST localhost:8082/api/admin/v1/properties -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"id":"harbor-view","name":"Harbor View"}'
 * curl -s -XPOST localhost:8082/api/admin/v1/properties/harbor-view/units -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' -d '{"id":"4B"}'
 * curl -s localhost:8082/api/admin/v1/properties -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class PortfolioHttpService implements HttpService {

    private static final int MAX_BODY_BYTES = 8 * 1024;

    private final Portfolio portfolio;
    private final PropertySetup setup;

    public PortfolioHttpService(Portfolio portfolio, PropertySetup setup) {
        this.portfolio = portfolio;
        this.setup = setup;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::createProperty)
                .get("/", this::list)
                .get("/{id}", this::get)
                .patch("/{id}", this::rename)
                .post("/{id}/units", this::createUnit)
                .patch("/{id}/units/{unitId}", this::renameUnit)
                .get("/{id}/settings", this::settings)
                .put("/{id}/settings", this::updateSettings);
    }

    private void createProperty(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        Property property = portfolio.create(actor, new Property(JsonRequests.requiredString(body, "id").strip(),
                JsonRequests.requiredString(body, "name").strip()));
        JsonResponses.send(res, 201, json(property).build());
    }

    private void createUnit(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        Unit unit = portfolio.addUnit(actor, new Unit(req.path().pathParameters().get("id"),
                JsonRequests.requiredString(body, "id").strip(),
                JsonRequests.optionalString(body, "name").map(String::strip).orElse(null)));
        JsonResponses.send(res, 201, json(unit).build());
    }

    private void rename(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        Property renamed = setup.rename(actor, req.path().pathParameters().get("id"),
                JsonRequests.requiredString(body, "name").strip());
        JsonResponses.send(res, 200, withUnits(renamed).build());
    }

    private void renameUnit(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        if (!body.containsKey("name")) {
            throw new InvalidInput("name is required (null clears it)");
        }
        Unit renamed = setup.renameUnit(actor, req.path().pathParameters().get("id"),
                req.path().pathParameters().get("unitId"),
                JsonRequests.optionalString(body, "name").map(String::strip).orElse(null));
        JsonResponses.send(res, 200, json(renamed).build());
    }

    private void settings(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, setup.settings(AdminAuth.actor(req), req.path().pathParameters().get("id")));
    }

    private void updateSettings(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY_BYTES);
        JsonResponses.send(res, 200, setup.update(actor, req.path().pathParameters().get("id"), body));
    }

    private void list(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the portfolio", Role.ADMIN, Role.AGENT);
        JsonArrayBuilder properties = Json.createArrayBuilder();
        for (Property property : portfolio.list()) {
            properties.add(withUnits(property));
        }
        JsonResponses.send(res, 200, Json.createObjectBuilder().add("properties", properties).build());
    }

    private void get(ServerRequest req, ServerResponse res) {
        AdminAuth.actor(req).require("reading the portfolio", Role.ADMIN, Role.AGENT);
        JsonResponses.send(res, 200, withUnits(property(req)).build());
    }

    private Property property(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return portfolio.find(id).orElseThrow(() -> ApiException.notFound("no such property"));
    }

    private JsonObjectBuilder withUnits(Property property) {
        JsonArrayBuilder units = Json.createArrayBuilder();
        portfolio.units(property.id()).forEach(u -> units.add(json(u)));
        return json(property).add("units", units)
                .add("emergencyLineMissing", setup.emergencyLineMissing(property.id()));
    }

    private static JsonObjectBuilder json(Property property) {
        return Json.createObjectBuilder().add("id", property.id()).add("name", property.name());
    }

    private static JsonObjectBuilder json(Unit unit) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", unit.id()).add("propertyId", unit.propertyId());
        if (unit.name() != null) {
            json.add("name", unit.name());
        }
        return json;
    }
}
