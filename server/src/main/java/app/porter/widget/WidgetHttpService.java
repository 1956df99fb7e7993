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

    private final byte[] widget = resource("/widget/widget.js");
    private final byte[] demoPage = resource("/widget/index.html");

    @Override
    public void routing(HttpRules rules) {
        rules.get("/widget.js", (req, res) -> send(res, "text/javascript; charset=utf-8", widget))
                .get("/", (req, res) -> send(res, "text/html; charset=utf-8", demoPage));
    }

    private static void send(ServerResponse res, String contentType, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
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
