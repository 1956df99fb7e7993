package app.porter.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * Markdown: the first {@code #} heading is the title, every heading starts a section ("### 7.2 Pets" is cited as
 * "7.2 Pets"), "Q:"/"A:" pairs and question headings keep their answers, table rows keep their headers
 * ("Fee: Late fee; Amount: $50"), list items stay separate lines. What a reader of the rendered file never sees is
 * left out: HTML comments, link-reference "comments" ({@code [//]: # (...)}), hidden raw HTML ({@link HiddenHtml});
 * other raw HTML keeps only its text.
 */
final class MarkdownSource {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s{0,3}(?:[-*+]|\\d{1,3}[.)])\\s+(.*)$");
    // Rules and table separators are checked by hand, not by a regex with a repeated group: java.util.regex
    // recurses once per repetition, so a line of thousands of "- " or "|--" overflowed the stack (found by
    // DocumentParsersFuzzTest).
    private static final Pattern SEPARATOR_CELL = Pattern.compile(":?-{2,}:?");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|\\z)", Pattern.DOTALL);
    /** A link reference definition: never rendered, so a well-known way to write a comment in Markdown. */
    private static final Pattern LINK_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*\\S.*$");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>");
    private static final Pattern QUESTION_PREFIX = Pattern.compile("^(?:Q|Question)\\s*:\\s*", Pattern.CASE_INSENSITIVE);

    private MarkdownSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        return parse(TextSource.decode(bytes));
    }

    static ParsedDocument parse(String markdown) {
        markdown = visible(markdown);
        SectionBuilder builder = new SectionBuilder();
        String title = null;
        boolean anyHeading = false;
        boolean fenced = false;
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.strip().startsWith("```") || raw.strip().startsWith("~~~")) {
                fenced = !fenced;
                builder.paragraphBreak();
                continue;
            }
            if (fenced) {
                builder.line(raw);
                continue;
            }
            Matcher heading = HEADING.matcher(raw);
            if (heading.matches()) {
                String text = Text.clean(Text.stripInlineMarkdown(heading.group(2)));
                if (heading.group(1).length() == 1 && title == null && !anyHeading) {
                    title = text;
                } else {
                    builder.heading(QUESTION_PREFIX.matcher(text).replaceFirst(""), heading.group(1).length());
                    anyHeading = true;
                }
                continue;
            }
            if (raw.strip().startsWith("|")) {
                i = table(lines, i, builder) - 1;
                continue;
            }
            if (isRule(raw)) {
                builder.paragraphBreak();
                continue;
            }
            Matcher item = LIST_ITEM.matcher(raw);
            String line = raw.strip().startsWith(">") ? raw.strip().substring(1) : raw;
            if (item.matches()) {
                builder.paragraphBreak();
                line = item.group(1);
            }
            // Markdown has explicit headings, so a "7.2 ..." or capitals line inside a paragraph is just text.
            TextSource.feedLine(Text.stripInlineMarkdown(line), builder, false, false);
        }
        List<Chunk> chunks = builder.build();
        return new ParsedDocument(title, builder.structure("sections"), 0, chunks);
    }

    /**
     * The Markdown as a reader of the rendered file sees it: outside code fences (shown as written), comments,
     * link-reference definitions and hidden HTML elements are removed and other tags reduced to their text.
     */
    static String visible(String markdown) {
        StringBuilder out = new StringBuilder(markdown.length());
        StringBuilder prose = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            boolean fence = line.strip().startsWith("```") || line.strip().startsWith("~~~");
            if (fenced || fence) {
                if (!fenced) {
                    out.append(visibleProse(prose.toString()));
                    prose.setLength(0);
                }
                out.append(line).append('\n');
                fenced = fence != fenced;
                continue;
            }
            prose.append(line).append('\n');
        }
        return out.append(visibleProse(prose.toString())).toString();
    }

    private static String visibleProse(String prose) {
        String text = COMMENT.matcher(prose).replaceAll("");
        text = String.join("\n", text.lines().filter(l -> !LINK_DEFINITION.matcher(l).matches()).toList()) + "\n";
        if (!TAG.matcher(text).find()) {
            return text;
        }
        // Raw HTML: jsoup removes what it hides; what is left is the Markdown with its visible tags' text.
        Document html = Jsoup.parseBodyFragment(text);
        html.outputSettings().prettyPrint(false).escapeMode(Entities.EscapeMode.xhtml);
        HiddenHtml.remove(html.body());
        return Parser.unescapeEntities(TAG.matcher(html.body().html()).replaceAll(""), false);
    }

    /** Reads a pipe table starting at {@code start}; returns the index of the first line after it. */
    private static int table(List<String> lines, int start, SectionBuilder builder) {
        int end = start;
        while (end < lines.size() && lines.get(end).strip().startsWith("|")) {
            end++;
        }
        List<String> headers = null;
        builder.paragraphBreak();
        for (int i = start; i < end; i++) {
            String line = lines.get(i).strip();
            if (isTableSeparator(line)) {
                continue;
            }
            List<String> cells = cells(line);
            boolean isHeader = headers == null && i + 1 < end && isTableSeparator(lines.get(i + 1).strip());
            if (isHeader) {
                headers = cells;
                continue;
            }
            builder.paragraph(Tables.row(headers, cells));
        }
        return end;
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        if (inner.startsWith("|")) {
            inner = inner.substring(1);
        }
        if (inner.endsWith("|")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(Text.clean(Text.stripInlineMarkdown(cell.replace("\\|", "|"))));
        }
        return cells;
    }

    /** A thematic break: up to three spaces, then three or more of one of - * _ with only spaces between. */
    static boolean isRule(String line) {
        int i = 0;
        while (i < line.length() && i < 4 && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i > 3 || i == line.length() || "-*_".indexOf(line.charAt(i)) < 0) {
            return false;
        }
        char mark = line.charAt(i);
        int marks = 0;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == mark) {
                marks++;
            } else if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return marks >= 3;
    }

    /** A table's header separator: cells of two or more dashes (each may carry a colon), between pipes. */
    static boolean isTableSeparator(String line) {
        String row = line.strip();
        if (row.startsWith("|")) {
            row = row.substring(1);
        }
        if (row.endsWith("|")) {
            row = row.substring(0, row.length() - 1);
        }
        if (row.isBlank()) {
            return false;
        }
        for (String cell : row.split("\\|", -1)) {
            if (!SEPARATOR_CELL.matcher(cell.strip()).matches()) {
                return false;
            }
        }
        return true;
    }
}
