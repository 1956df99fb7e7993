package app.porter.privacy;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import app.porter.crypto.ApplianceKey;
import app.porter.http.JsonResponses;

/**
 * Privacy on the tenant socket, under {@code /api/v1}: the current privacy notice (the widget shows it before the
 * first message and sends back the version the tenant consented to) and the appliance's public key (to check an
 * erasure receipt).
 *
 * <pre>
 * curl -s localhost:8080/api/v1/privacy-notice
 * curl -s localhost:8080/api/v1/keys/public
 * </pre>
 */
public final class PrivacyTenantHttpService implements HttpService {

    private final PrivacyNotices notices;
    private final ApplianceKey key;

    public PrivacyTenantHttpService(PrivacyNotices notices, ApplianceKey key) {
        this.notices = notices;
        this.key = key;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/privacy-notice", this::notice)
                .get("/keys/public", (req, res) -> JsonResponses.send(res, 200, key.toJson()));
    }

    private void notice(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, PrivacyNotices.json(notices.current()).build());
    }
}
