package app.porter.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import app.porter.access.Actor;
import app.porter.errors.InvalidInput;
import app.porter.http.JsonRequests;
import app.porter.http.JsonResponses;
import app.porter.notify.Notifications;
import app.porter.notify.Route;

/**
 * Notification settings on the admin socket, {@code /api/admin/v1/notifications} (admin role): the SMTP relay and
 * on-call address as configured at start (read-only here), the routing table (property × priority → address),
 * where the webhook's signing secret comes from, and what the outbox has sent. {@link Notifications} checks the
 * role and audits every change. The webhook secret is write-only: no response ever contains it.
 *
 * <pre>
 * curl -s localhost:8082/api/admin/v1/notifications -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s -XPUT localhost:8082/api/admin/v1/notifications -H "Authorization: Bearer $ADMIN_TOKEN" \
 *      -H 'Content-Type: application/json' \
 *      -d '{"routes":[{"propertyId":"maple-court","priority":"emergency","email":"mc-oncall@firm.example"},
 *                     {"priority":"ticket","email":"maintenance@firm.example"}],
 *           "webhookSecret":"'"$(openssl rand -hex 32)"'"}'
 * </pre>
 */
public final class NotificationsHttpService implements HttpService {

    private static final int MAX_BODY = 256 * 1024;
    private final Notifications notifications;

    public NotificationsHttpService(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get)
                .put("/", this::put);
    }

    private void get(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, json(notifications.settings(AdminAuth.actor(req))));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Actor actor = AdminAuth.actor(req);
        JsonObject body = JsonRequests.readObject(req, MAX_BODY);
        Optional<List<Route>> routes = Optional.empty();
        JsonValue list = body.get("routes");
        if (list != null && list.getValueType() != JsonValue.ValueType.NULL) {
            if (list.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new InvalidInput("\"routes\" must be an array of {\"propertyId\"?, \"priority\"?, \"email\"}");
            }
            List<Route> parsed = new ArrayList<>();
            for (JsonValue item : list.asJsonArray()) {
                if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new InvalidInput("each route must be an object {\"propertyId\"?, \"priority\"?, \"email\"}");
                }
                JsonObject route = item.asJsonObject();
                try {
                    parsed.add(new Route(JsonRequests.optionalString(route, "propertyId"),
                            JsonRequests.optionalString(route, "priority"),
                            JsonRequests.requiredString(route, "email").strip()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput("route " + (parsed.size() + 1) + ": " + e.getMessage());
                }
            }
            routes = Optional.of(parsed);
        }
        Notifications.Settings updated = notifications.update(actor, routes,
                JsonRequests.optionalString(body, "webhookSecret"));
        JsonResponses.send(res, 200, json(updated));
    }

    private static JsonObject json(Notifications.Settings s) {
        JsonObjectBuilder smtp = Json.createObjectBuilder();
        if (s.smtpHost().isPresent()) {
            smtp.add("host", s.smtpHost().get()).add("port", s.smtpPort()).add("starttls", s.startTls())
                    .add("login", s.login());
        }
        JsonArrayBuilder routes = Json.createArrayBuilder();
        for (Route route : s.routes()) {
            JsonObjectBuilder r = Json.createObjectBuilder();
            route.propertyId().ifPresent(p -> r.add("propertyId", p));
            route.priority().ifPresent(p -> r.add("priority", p));
            routes.add(r.add("email", route.email()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("smtp", s.smtpHost().isPresent() ? smtp.build() : JsonValue.NULL)
                .add("consoleUrl", s.consoleUrl())
                .add("priorities", Json.createArrayBuilder(Notifications.PRIORITIES))
                .add("routes", routes)
                .add("webhookSecret", s.webhookSecret())
                .add("mail", Json.createObjectBuilder().add("sent", s.mail().sent()).add("failed", s.mail().failed())
                        .add("dropped", s.mail().dropped()).add("waiting", s.mail().waiting()));
        if (s.onCall().isPresent()) {
            json.add("onCall", s.onCall().get());
        } else {
            json.addNull("onCall");
        }
        return json.build();
    }
}
