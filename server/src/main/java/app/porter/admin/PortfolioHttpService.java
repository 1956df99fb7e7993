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
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;

/**
 * The portfolio on the admin socket, {@code /api/admin/v1/properties}. Changes need the admin role and are audited
 * by {@link Portfolio}; reads need the admin or agent role.
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

    public PortfolioHttpService(Portfolio portfolio) {
        this.portfolio = portfolio;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::createProperty)
                .get("/", this::list)
                .get("/{id}", this::get)
                .post("/{id}/units", this::createUnit);
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
        return json(property).add("units", units);
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
