package app.porter.knowledge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.IRunElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFSDT;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word (.docx) with Apache POI: paragraphs in order, Heading and Title styles as headings, numbered clauses in the
 * text as headings too, tables as rows that keep their headers; hidden, white and tiny text and comments are left
 * out ({@link #visibleText}). POI's {@link ZipSecureFile} limits refuse a zip
 * bomb (an entry that inflates far beyond its compressed size) before it is expanded.
 */
final class DocxSource {

    static {
        // An entry may inflate to at most 100 times its compressed size (POI's default is the same ratio, 0.01, but
        // set here so it cannot silently change); a bomb inflates thousands of times.
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(256L * 1024 * 1024);
        ZipSecureFile.setMaxTextSize(10L * 1024 * 1024); // characters of text; POI warns above this
    }

    private DocxSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            throw DocumentRejected.unreadable("this is not a Word .docx file (a .docx is a zip archive)");
        }
        try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            SectionBuilder builder = new SectionBuilder();
            String title = Text.clean(docx.getProperties().getCoreProperties().getTitle());
            for (IBodyElement element : docx.getBodyElements()) {
                if (element instanceof XWPFParagraph paragraph) {
                    String text = Text.clean(visibleText(paragraph));
                    if (text.isEmpty()) {
                        continue;
                    }
                    String style = styleName(docx, paragraph);
                    if (style.equals("title")) {
                        if (title.isEmpty()) {
                            title = text;
                        } else {
                            builder.heading(text);
                        }
                    } else if (style.startsWith("heading")) {
                        // "heading 2" is a second level; a heading style without a number, a first
                        String level = style.replaceAll("\\D", "");
                        builder.heading(text, level.isEmpty() || level.length() > 1 ? 1 : Integer.parseInt(level));
                    } else {
                        builder.paragraphBreak();
                        TextSource.feedLine(text, builder, true, true);
                        builder.paragraphBreak();
                    }
                } else if (element instanceof XWPFTable table) {
                    table(table, builder);
                }
            }
            List<Chunk> chunks = builder.build();
            if (chunks.isEmpty()) {
                throw DocumentRejected.unreadable("the Word document has no text");
            }
            return new ParsedDocument(title.isEmpty() ? null : title, builder.structure("clauses"), 0, chunks);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRejected rejected) {
                throw rejected;
            }
            if (isZipBomb(e)) {
                throw DocumentRejected.unreadable("the Word document looks like a zip bomb: a part of it would"
                        + " expand to far more than its size, so it was not opened");
            }
            throw DocumentRejected.unreadable("the Word document is damaged or not a .docx file and could not be read");
        }
    }

    /**
     * The paragraph's text as Word shows it: runs marked hidden ({@code w:vanish}), in white or near-white, or at
     * 2 pt or less are left out, so text invisible to staff reading the document is never quoted to tenants.
     * Comments live apart from the body ({@code comments.xml}) and are never read. Content controls and fields
     * keep their text.
     */
    static String visibleText(XWPFParagraph paragraph) {
        StringBuilder text = new StringBuilder();
        for (IRunElement element : paragraph.getIRuns()) {
            if (element instanceof XWPFRun run) {
                if (!hidden(run)) {
                    text.append(run);
                }
            } else if (element instanceof XWPFSDT control) {
                text.append(control.getContent().getText());
            }
        }
        return text.toString();
    }

    private static boolean hidden(XWPFRun run) {
        if (run.isVanish()) {
            return true;
        }
        Double size = run.getFontSizeAsDouble();
        if (size != null && size <= PdfVisibleText.TINY_PT) {
            return true;
        }
        String color = run.getColor();
        if (color != null && color.matches("[0-9A-Fa-f]{6}")) {
            int rgb = Integer.parseInt(color, 16);
            return ((rgb >> 16) & 0xff) >= 240 && ((rgb >> 8) & 0xff) >= 240 && (rgb & 0xff) >= 240;
        }
        return false;
    }

    /** "heading 1" ... "heading 9", "title", or "" for body text; by style name, falling back to the style id. */
    private static String styleName(XWPFDocument docx, XWPFParagraph paragraph) {
        String id = paragraph.getStyleID();
        if (id == null) {
            return "";
        }
        String name = id;
        if (docx.getStyles() != null) {
            XWPFStyle style = docx.getStyles().getStyle(id);
            if (style != null && style.getName() != null) {
                name = style.getName();
            }
        }
        String normal = name.toLowerCase(Locale.ROOT).replace(" ", "");
        if (normal.equals("title")) {
            return "title";
        }
        return normal.matches("heading\\d") ? "heading" : "";
    }

    /** The first row is the header row; every other row becomes one paragraph of "header: value" pairs. */
    private static void table(XWPFTable table, SectionBuilder builder) {
        List<String> headers = null;
        for (XWPFTableRow row : table.getRows()) {
            List<String> cells = new ArrayList<>();
            for (XWPFTableCell cell : row.getTableCells()) {
                cells.add(Text.clean(String.join("\n", cell.getParagraphs().stream()
                        .map(DocxSource::visibleText).toList())));
            }
            if (headers == null && table.getRows().size() > 1) {
                headers = cells;
                continue;
            }
            String line = Tables.row(headers, cells);
            if (!line.isEmpty()) {
                builder.paragraph(line);
            }
        }
    }

    private static boolean isZipBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("Zip bomb") || message.contains("max. ratio")
                    || message.contains("exceed the max"))) {
                return true;
            }
        }
        return false;
    }
}
