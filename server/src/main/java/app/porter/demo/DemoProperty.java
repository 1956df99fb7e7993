package app.porter.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Scope;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;

/**
 * Maple Court Apartments, the demo property, so the widget answers something real on first start: the property
 * row and its resident handbook in the knowledge base. Installing again is a no-op unless the bundled handbook
 * changed (then it is re-indexed in place, under the same document id).
 */
public final class DemoProperty {

    public static final Property PROPERTY = new Property("maple-court", "Maple Court Apartments");
    public static final String HANDBOOK_ID = "maple-court-handbook";
    public static final String HANDBOOK_RESOURCE = "/demo/maple-court-handbook.md";

    private DemoProperty() {
    }

    public static void install(Portfolio portfolio, KnowledgeLibrary knowledge) {
        portfolio.addIfAbsent(PROPERTY);
        knowledge.installBundled(HANDBOOK_ID, new KnowledgeLibrary.Upload("maple-court-handbook.md", "text/markdown",
                handbook(), Scope.property(PROPERTY.id())));
    }

    /** The handbook's Markdown as bundled. */
    public static byte[] handbook() {
        try (InputStream in = DemoProperty.class.getResourceAsStream(HANDBOOK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + HANDBOOK_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
