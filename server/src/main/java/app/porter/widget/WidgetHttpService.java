package app.porter.widget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;

/**
 * The tenant-facing pages: {@code GET /widget.js} (the embeddable chat widget, one script tag) and {@code GET /}
 * (the demo property's page with the widget on it). Both are read once at start.
 *
 * <pre>
 * &lt;script src="https://porter.example.com/widget.js" data-property-id="maple-court" defer&gt;&lt;/script&gt;
 *
 * curl -s localhost:8080/widget.js | head
 * curl -s localhost:8080/
 * </pre>
 */
public final class WidgetHttpService implements HttpService {

    /**
     * The demo page loads only its own script and talks only to its own API; no plugin, no inline script, no
     * {@code <base>} rewrite, and it may be framed only by a page of its own origin (clickjacking). Inline styles
     * stay allowed: the page and the widget's panel use style attributes.
     */
    static final String DEMO_PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'self'";
    /**
     * The widget script runs in the firm's page under that page's policy; this one matters only when the script
     * is opened on its own (a document that is a script runs nothing, and nothing may frame it).
     */
    static final String WIDGET_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private final byte[] widget = resource("/widget/widget.js");
    private final byte[] demoPage = resource("/widget/index.html");

    @Override
    public void routing(HttpRules rules) {
        rules.get("/widget.js", (req, res) -> send(res, "text/javascript; charset=utf-8", WIDGET_POLICY, widget))
                .get("/", (req, res) -> {
                    res.header(HeaderNames.create("X-Frame-Options"), "SAMEORIGIN"); // frame-ancestors for older browsers
                    send(res, "text/html; charset=utf-8", DEMO_PAGE_POLICY, demoPage);
                });
    }

    private static void send(ServerResponse res, String contentType, String policy, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.create("Content-Security-Policy"), policy);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.send(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = WidgetHttpService.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
