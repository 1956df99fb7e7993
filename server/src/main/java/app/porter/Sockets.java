package app.porter;

import java.util.List;
import java.util.function.Consumer;

import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import app.porter.admin.AdminServices;
import app.porter.http.OpenApiDocuments;
import app.porter.store.Database;

/**
 * The appliance's two sockets on one Helidon server: the tenant socket (widget API, health, the tenant OpenAPI
 * document) and the admin socket (admin API, metrics, the admin OpenAPI document). Part of {@link Porter#start}.
 */
final class Sockets {

    private Sockets() {
    }

    /** Starts both sockets; they serve from the moment this returns. */
    static WebServer start(PorterConfig config, Database database, Consumer<HttpRouting.Builder> tenantRoutes,
                           AdminServices services) {
        return WebServer.builder()
                .host(config.tenantHost())
                .port(config.tenantPort())
                // A backstop only: endpoints enforce their own, smaller limits with a JSON 413.
                .maxPayloadSize(1024L * 1024)
                .routing(tenantRoutes)
                .addFeature(ObserveFeature.just(
                        HealthObserver.builder()
                                .details(true)
                                .addCheck(() -> databaseHealth(database), HealthCheckType.READINESS, "database")
                                .build()))
                // Metrics (traffic, answer modes, queue depths) are for staff: the admin socket, behind its token.
                .addFeature(ObserveFeature.builder().name("observe-admin").sockets(List.of(Porter.ADMIN_SOCKET))
                        .observersDiscoverServices(false).addObserver(MetricsObserver.create()).build())
                .addFeature(OpenApiDocuments.tenant())
                .addFeature(OpenApiDocuments.admin(Porter.ADMIN_SOCKET))
                // Room for a knowledge-base upload; the upload endpoint refuses larger files with a JSON 413.
                .putSocket(Porter.ADMIN_SOCKET, s -> s.host(config.adminHost()).port(config.adminPort())
                        .maxPayloadSize(config.maxDocumentBytes() + 64 * 1024))
                .routing(Porter.ADMIN_SOCKET, r -> AdminRouting.register(r, services))
                .build()
                .start();
    }

    private static HealthCheckResponse databaseHealth(Database database) {
        try {
            database.read(c -> c.createStatement().execute("SELECT 1"));
            return HealthCheckResponse.builder().status(true).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().status(false).detail("database", "unreachable").build();
        }
    }
}
