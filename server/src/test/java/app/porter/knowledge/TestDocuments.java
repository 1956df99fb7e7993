package app.porter.knowledge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/**
 * Real PDF and Word files written with PDFBox and POI, from plain text: what a firm would upload, made inside the
 * tests so that no binary fixture has to be trusted. Also the bad files: password-protected, malformed, a scan
 * without text, a zip bomb.
 */
public final class TestDocuments {

    private static final float MARGIN = 72;
    private static final float FONT_SIZE = 11;
    private static final float LEADING = 14;
    private static final int WRAP = 90;

    private TestDocuments() {
    }

    /** A fixture under {@code src/test/resources/eval/}. */
    public static String resource(String name) {
        try (InputStream in = TestDocuments.class.getResourceAsStream("/eval/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /eval/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text PDF: every line of {@code text} (wrapped at 90 characters) in Helvetica, blank lines kept, a footer
     * "Page n of m" on every page, and {@code title} in the document properties.
     */
    public static byte[] pdf(String title, String text) {
        return pdf(title, text, null);
    }

    /** As {@link #pdf(String, String)}, protected so that it opens only with {@code userPassword}. */
    public static byte[] passwordProtectedPdf(String text, String userPassword) {
        return pdf("Protected", text, userPassword);
    }

    private static byte[] pdf(String title, String text, String userPassword) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.addAll(wrap(line));
        }
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            int perPage = (int) ((PDRectangle.LETTER.getHeight() - 2 * MARGIN) / LEADING);
            int pages = Math.max(1, (lines.size() + perPage - 1) / perPage);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(font, FONT_SIZE);
                    content.setLeading(LEADING);
                    content.newLineAtOffset(MARGIN, PDRectangle.LETTER.getHeight() - MARGIN);
                    for (String line : lines.subList(p * perPage, Math.min(lines.size(), (p + 1) * perPage))) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                    content.beginText();
                    content.setFont(font, 9);
                    content.newLineAtOffset(MARGIN, MARGIN / 2);
                    content.showText("Page " + (p + 1) + " of " + pages);
                    content.endText();
                }
            }
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            pdf.setDocumentInformation(info);
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + userPassword, userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                pdf.protect(policy);
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF whose pages hold no text at all, as a scanned document without OCR. */
    public static byte[] pdfWithoutText(int pages) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.addRect(100, 100, 300, 400); // a "scanned image": a shape, no text
                    content.fill();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts like a PDF, then is garbage: a truncated or corrupted upload. */
    public static byte[] malformedPdf() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        byte[] header = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[header.length + garbage.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(garbage, 0, bytes, header.length, garbage.length);
        return bytes;
    }

    /**
     * A Word document: {@code title} in the Title style, then one paragraph per non-blank line of {@code text};
     * lines starting with "|" form a table (the first such line is its header row).
     */
    public static byte[] docx(String title, String text) {
        try (XWPFDocument docx = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFParagraph heading = docx.createParagraph();
            heading.setStyle("Title");
            heading.createRun().setText(title);
            List<List<String>> table = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("|")) {
                    List<String> cells = new ArrayList<>();
                    for (String cell : line.substring(1).split("\\|")) {
                        cells.add(cell.strip());
                    }
                    table.add(cells);
                    continue;
                }
                if (!table.isEmpty()) {
                    addTable(docx, table);
                    table.clear();
                }
                if (!line.isBlank()) {
                    docx.createParagraph().createRun().setText(line.strip());
                }
            }
            if (!table.isEmpty()) {
                addTable(docx, table);
            }
            docx.getProperties().getCoreProperties().setTitle(title);
            docx.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTable(XWPFDocument docx, List<List<String>> rows) {
        int columns = rows.getFirst().size();
        XWPFTable table = docx.createTable(rows.size(), columns);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                table.getRow(r).getCell(c).setText(c < rows.get(r).size() ? rows.get(r).get(c) : "");
            }
        }
    }

    /**
     * A valid Word document with one more part: {@code inflatedMegabytes} of zeros that compress about a
     * thousandfold, the shape of a zip bomb.
     */
    public static byte[] zipBombDocx(int inflatedMegabytes) {
        byte[] original = docx("Harmless title", "Harmless text.");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(original));
             ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.setLevel(9);
            out.putNextEntry(new ZipEntry("word/media/image1.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < inflatedMegabytes; i++) {
                out.write(zeros);
            }
            out.closeEntry();
            out.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> wrap(String line) {
        List<String> lines = new ArrayList<>();
        String rest = line;
        while (rest.length() > WRAP) {
            int cut = rest.lastIndexOf(' ', WRAP);
            cut = cut > 0 ? cut : WRAP;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }
}
