package app.porter;

import io.helidon.cors.CrossOriginConfig;
import io.helidon.webserver.cors.CorsSupport;
import io.helidon.webserver.http.HttpRouting;

import app.porter.chat.ChatHttpService;
import app.porter.chat.Conversations;
import app.porter.chat.TenantDataHttpService;
import app.porter.http.ApiErrors;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.PrivacyServices;
import app.porter.privacy.PrivacyTenantHttpService;
import app.porter.widget.WidgetHttpService;

/**
 * The tenant socket's routes (HTTP contract v1, tenant side): the widget and its demo page, the conversation API
 * and the tenant's own privacy endpoints. The one place that decides what the public socket exposes, and with
 * which cross-origin policy, so a reviewer can read the whole public surface on one screen.
 */
final class TenantRouting {

    private TenantRouting() {
    }

    static void register(HttpRouting.Builder routing, Conversations conversations, Portfolio portfolio,
                         PrivacyServices privacy, PorterConfig config) {
        ApiErrors.register(routing);
        IntegrityErrors.register(routing, privacy.audit());
        // The widget runs on the firm's own site and calls this API from there.
        CorsSupport cors = CorsSupport.builder()
                .addCrossOrigin(CrossOriginConfig.builder()
                        .allowOrigins(config.allowedOrigins().toArray(String[]::new))
                        .allowMethods("GET", "POST", "DELETE")
                        .allowHeaders("Authorization", "Content-Type", "Accept")
                        .maxAgeSeconds(600)
                        .build())
                .build();
        routing.register(new WidgetHttpService())
                .register("/api/v1/conversations", cors, new ChatHttpService(conversations, portfolio,
                        config.defaultPropertyId(), config.maxBodyBytes()),
                        new TenantDataHttpService(conversations, privacy.requests()))
                .register("/api/v1", cors, new PrivacyTenantHttpService(privacy.notices(), privacy.applianceKey()));
    }
}
