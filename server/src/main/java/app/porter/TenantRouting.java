package app.porter;

import java.time.Duration;

import io.helidon.cors.CrossOriginConfig;
import io.helidon.http.Method;
import io.helidon.webserver.cors.CorsSupport;
import io.helidon.webserver.http.HttpRouting;

import app.porter.chat.ChatHttpService;
import app.porter.chat.Conversations;
import app.porter.chat.TenantDataHttpService;
import app.porter.chat.TenantEventsHttpService;
import app.porter.escalation.Escalation;
import app.porter.feedback.Feedback;
import app.porter.feedback.FeedbackHttpService;
import app.porter.flows.Flows;
import app.porter.http.ApiErrors;
import app.porter.http.LoadLimit;
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

    /** An idle tenant event stream gets a comment this often (proxies close silent connections; a gone client shows). */
    private static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(10);
    /** A tenant event stream ends after this and EventSource reopens it, replaying what it missed. */
    private static final Duration EVENT_STREAM_LIFETIME = Duration.ofMinutes(10);

    private TenantRouting() {
    }

    static void register(HttpRouting.Builder routing, Conversations conversations, Portfolio portfolio,
                         PrivacyServices privacy, PorterConfig config, Flows flows, Feedback feedback) {
        ApiErrors.register(routing);
        IntegrityErrors.register(routing, privacy.audit());
        // Work in flight on the tenant API is bounded; beyond it 429. Health stays out of it, and so do the
        // long-lived event streams (they wait, they do not work). A posted message takes its place in
        // ChatHttpService, after its text is read, because an emergency is answered however busy Porter is.
        LoadLimit limit = new LoadLimit(config.tenantLimit());
        routing.addFilter(limit.filter(req -> {
            String path = req.path().path();
            return path.startsWith("/api/v1/") && !path.endsWith("/events")
                    && !(req.prologue().method() == Method.POST && path.endsWith("/messages"));
        }));
        // The widget runs on the firm's own site and calls this API from there.
        CorsSupport cors = CorsSupport.builder()
                .addCrossOrigin(CrossOriginConfig.builder()
                        .allowOrigins(config.allowedOrigins().toArray(String[]::new))
                        .allowMethods("GET", "POST", "DELETE")
                        .allowHeaders("Authorization", "Content-Type", "Accept", "Last-Event-ID")
                        .maxAgeSeconds(600)
                        .build())
                .build();
        routing.register(new WidgetHttpService())
                .register("/api/v1/conversations", cors, new ChatHttpService(conversations, portfolio,
                        config.defaultPropertyId(), config.maxBodyBytes(), limit),
                        new TenantDataHttpService(conversations, privacy.requests()),
                        // Staff replies and takeover, live, for the widget of a conversation handed to staff.
                        new TenantEventsHttpService(conversations,
                                id -> flows.escalations().holder(id).map(Escalation.Claim::displayName),
                                EVENT_HEARTBEAT, EVENT_STREAM_LIFETIME),
                        new FeedbackHttpService(conversations, feedback))
                .register("/api/v1", cors, new PrivacyTenantHttpService(privacy.notices(), privacy.applianceKey()));
    }
}
