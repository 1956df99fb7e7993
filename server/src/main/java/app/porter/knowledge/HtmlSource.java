package app.porter.knowledge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * HTML with jsoup: {@code <h1>}–{@code <h6>} start sections; paragraphs, list items and definition lists are
 * text; {@code <dt>}/{@code <dd>} and {@code <details>}/{@code <summary>} are question-and-answer pairs; table
 * rows keep their headers. Scripts, styles, navigation and forms are left out, and so is whatever a browser would
 * not show ({@link HiddenHtml}).
 */
final class HtmlSource {

    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final Set<String> BLOCKS = Set.of("p", "li", "pre", "blockquote", "address", "figcaption",
            "caption", "dd");
    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "nav", "form",
            "button", "select", "svg", "iframe", "head");

    private HtmlSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        Document html;
        try {
            html = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
        } catch (IOException e) {
            throw DocumentRejected.unreadable("the HTML file could not be read");
        }
        HiddenHtml.remove(html.body());
        SectionBuilder builder = new SectionBuilder();
        String title = Text.clean(html.title());
        Walker walker = new Walker(builder, title.isEmpty());
        html.body().filter(walker);
        walker.flushLoose();
        List<Chunk> chunks = builder.build();
        if (chunks.isEmpty()) {
            throw DocumentRejected.unreadable("the HTML page has no text");
        }
        if (title.isEmpty()) {
            title = walker.firstH1;
        }
        return new ParsedDocument(title == null || title.isEmpty() ? null : title, builder.structure("sections"), 0,
                chunks);
    }

    /** Walks the body in document order; an element it reads whole has its children skipped. */
    private static final class Walker implements NodeFilter {
        private final SectionBuilder builder;
        private final boolean h1IsTitle;
        private final StringBuilder loose = new StringBuilder();
        private String firstH1;
        private String pendingTerm;

        Walker(SectionBuilder builder, boolean h1IsTitle) {
            this.builder = builder;
            this.h1IsTitle = h1IsTitle;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                Text.appendLine(loose, Text.clean(text.text()));
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String tag = element.normalName();
            if (SKIPPED.contains(tag)) {
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("br")) {
                flushLoose();
                return FilterResult.CONTINUE;
            }
            if (HEADINGS.contains(tag)) {
                flushLoose();
                String text = Text.clean(element.text());
                if (tag.equals("h1") && firstH1 == null && h1IsTitle) {
                    firstH1 = text;
                } else if (!text.isEmpty()) {
                    builder.heading(text, tag.charAt(1) - '0');
                }
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("details")) {
                flushLoose();
                Element summary = element.selectFirst("summary");
                if (summary != null) {
                    String question = Text.clean(summary.text());
                    summary.remove();
                    builder.whole(question, element.text(), null);
                    return FilterResult.SKIP_ENTIRELY;
                }
                return FilterResult.CONTINUE;
            }
            if (tag.equals("dt")) {
                flushLoose();
                pendingTerm = Text.clean(element.text());
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("dd") && pendingTerm != null) {
                builder.whole(pendingTerm, element.text(), null);
                pendingTerm = null;
                return FilterResult.SKIP_ENTIRELY;
            }
            if (tag.equals("table")) {
                flushLoose();
                table(element);
                return FilterResult.SKIP_ENTIRELY;
            }
            if (BLOCKS.contains(tag) && element.select("p, li, table, h1, h2, h3, h4, h5, h6, dl, details").isEmpty()) {
                flushLoose();
                builder.paragraph(element.text());
                return FilterResult.SKIP_ENTIRELY;
            }
            if (element.isBlock()) {
                flushLoose();
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element && element.isBlock()) {
                flushLoose();
            }
            return FilterResult.CONTINUE;
        }

        void flushLoose() {
            String text = loose.toString().strip();
            loose.setLength(0);
            if (!text.isEmpty()) {
                builder.paragraph(text);
            }
        }

        private void table(Element table) {
            List<String> headers = null;
            for (Element row : table.select("tr")) {
                List<String> cells = new ArrayList<>();
                boolean allHeaders = true;
                for (Element cell : row.select("th, td")) {
                    cells.add(Text.clean(cell.text()));
                    allHeaders &= cell.normalName().equals("th");
                }
                if (cells.isEmpty()) {
                    continue;
                }
                if (headers == null && allHeaders) {
                    headers = cells;
                    continue;
                }
                String line = Tables.row(headers, cells);
                if (!line.isEmpty()) {
                    builder.paragraph(line);
                }
            }
        }
    }
}
