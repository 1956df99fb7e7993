package app.porter.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import app.porter.knowledge.KnowledgeBase;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;

/**
 * Maple Court Apartments, the demo property, so the widget answers something real on first start: the property
 * row and its resident handbook in the knowledge base.
 */
public final class DemoProperty {

    public static final Property PROPERTY = new Property("maple-court", "Maple Court Apartments");
    public static final String HANDBOOK_ID = "maple-court-handbook";

    private DemoProperty() {
    }

    public static void install(Portfolio portfolio, KnowledgeBase knowledge) {
        portfolio.addIfAbsent(PROPERTY);
        try (InputStream in = DemoProperty.class.getResourceAsStream("/demo/maple-court-handbook.md")) {
            if (in == null) {
                throw new IllegalStateException("missing /demo/maple-court-handbook.md");
            }
            knowledge.addMarkdown(HANDBOOK_ID, PROPERTY.id(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
