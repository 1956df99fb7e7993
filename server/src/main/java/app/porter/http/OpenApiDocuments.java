package app.porter.http;

import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;

/**
 * The HTTP contract, written by hand in {@code src/main/resources/openapi/} and served at {@code GET /openapi}: the
 * tenant document on the tenant socket, the admin document on the admin socket (behind the admin token, like
 * everything there). YAML by default; JSON with {@code Accept: application/json} or {@code ?format=json}.
 *
 * <p>Helidon's OpenAPI feature serves one static file on the sockets it is given, so each socket gets a feature of
 * its own, each with a name of its own. The documents are static rather than
 * generated because Porter's routes are plain {@code HttpRules}, which carry no schema to generate from; the
 * contract test ({@code OpenApiContractTest}) keeps the files and the routes in step instead.
 *
 * <pre>
 * curl -s localhost:8080/openapi
 * curl -s 'localhost:8080/openapi?format=json'
 * curl -s 127.0.0.1:8082/openapi -H "Authorization: Bearer $(cat data/bootstrap-admin-token)"
 * </pre>
 */
public final class OpenApiDocuments {

    /** Where the feature serves a document, on every socket. */
    public static final String PATH = "/openapi";
    /**
     * Class-path resources. Helidon looks for a file at that path relative to the working directory first, then on
     * the class path: a firm could put its own copy beside Porter, which changes the document, not the routes.
     */
    public static final String TENANT_DOCUMENT = "openapi/tenant.yaml";
    public static final String ADMIN_DOCUMENT = "openapi/admin.yaml";

    private OpenApiDocuments() {
    }

    /** The tenant API's document on the default (tenant) socket. */
    public static OpenApiFeature tenant() {
        return feature("openapi-tenant", TENANT_DOCUMENT, WebServer.DEFAULT_SOCKET_NAME);
    }

    /** The admin API's document on the named admin socket. */
    public static OpenApiFeature admin(String adminSocket) {
        return feature("openapi-admin", ADMIN_DOCUMENT, adminSocket);
    }

    private static OpenApiFeature feature(String name, String document, String socket) {
        return OpenApiFeature.builder()
                .name(name)
                .staticFile(document)
                .webContext(PATH)
                .addSocket(socket)
                // No Helidon security on these sockets: the admin socket's own bearer filter guards its document.
                .permitAll(true)
                .build();
    }
}
