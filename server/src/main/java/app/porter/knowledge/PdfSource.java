package app.porter.knowledge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF with PDFBox: the text of every page, read line by line like plain text so that clause numbers become
 * headings; running headers, footers and page numbers are dropped, and so is text a reader cannot see
 * ({@link PdfVisibleText}: invisible, white, tiny or off the page). A PDF that needs a password, forbids copying
 * its text, is damaged, or has no text layer (a scan) is rejected with that reason.
 */
final class PdfSource {

    /** Memory one PDF may use for its decoded streams; a decompression bomb fails here instead of filling the heap. */
    private static final long MAX_SCRATCH_BYTES = 256L * 1024 * 1024;
    private static final int MAX_PAGES = 3000;
    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "^(?:page\\s+)?[-–]?\\s*\\d{1,4}\\s*[-–]?(?:\\s*(?:of|/)\\s*\\d{1,4})?$", Pattern.CASE_INSENSITIVE);

    private PdfSource() {
    }

    static ParsedDocument parse(byte[] bytes) {
        if (!new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1).contains("%PDF-")) {
            throw DocumentRejected.unreadable("this is not a PDF file (it has no %PDF header)");
        }
        try (PDDocument pdf = Loader.loadPDF(bytes, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(MAX_SCRATCH_BYTES).streamCache)) {
            if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
                throw DocumentRejected.unreadable("the PDF is encrypted and does not allow copying its text;"
                        + " upload an unprotected copy");
            }
            int pages = pdf.getNumberOfPages();
            if (pages == 0) {
                throw DocumentRejected.unreadable("the PDF has no pages");
            }
            if (pages > MAX_PAGES) {
                throw DocumentRejected.unreadable("the PDF has " + pages + " pages; at most " + MAX_PAGES
                        + " are read");
            }
            List<List<String>> pageLines = pageLines(pdf, pages);
            Set<String> running = runningLines(pageLines);
            SectionBuilder builder = new SectionBuilder();
            boolean paragraphStart = true;
            for (List<String> lines : pageLines) {
                for (String line : lines) {
                    String clean = Text.clean(line);
                    if (PAGE_NUMBER.matcher(clean).matches() || running.contains(shape(clean))) {
                        continue;
                    }
                    TextSource.feedLine(line, builder, true, paragraphStart);
                    paragraphStart = clean.isEmpty();
                }
            }
            List<Chunk> chunks = builder.build();
            if (chunks.isEmpty()) {
                throw DocumentRejected.unreadable("no text could be read from the PDF; a scanned document needs"
                        + " text recognition (OCR) before it can be uploaded");
            }
            return new ParsedDocument(title(pdf, pageLines.getFirst()), builder.structure("clauses"), pages, chunks);
        } catch (InvalidPasswordException e) {
            throw DocumentRejected.unreadable("the PDF is password-protected; upload a copy without a password");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRejected rejected) {
                throw rejected;
            }
            // PDFBox's message can quote the file; the operator needs only to know it could not be read.
            throw DocumentRejected.unreadable("the PDF is damaged or malformed and could not be read");
        }
    }

    private static List<List<String>> pageLines(PDDocument pdf, int pages) throws IOException {
        PDFTextStripper stripper = new PdfVisibleText();
        stripper.setSortByPosition(true);
        stripper.setLineSeparator("\n");
        // A blank line where PDFBox sees a paragraph break (by spacing and indentation), so paragraphs survive.
        stripper.setParagraphEnd("\n");
        List<List<String>> result = new ArrayList<>(pages);
        for (int page = 1; page <= pages; page++) {
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            result.add(stripper.getText(pdf).lines().toList());
        }
        return result;
    }

    /**
     * Headers and footers: lines among the first or last two of a page that recur (digits aside, so "Page 3" and
     * "Page 4" count as one) on most pages of a document of three pages or more.
     */
    private static Set<String> runningLines(List<List<String>> pages) {
        if (pages.size() < 3) {
            return Set.of();
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> lines : pages) {
            List<String> nonBlank = lines.stream().map(Text::clean).filter(l -> !l.isEmpty()).toList();
            Set<String> edges = new HashSet<>();
            for (int i = 0; i < nonBlank.size(); i++) {
                if (i < 2 || i >= nonBlank.size() - 2) {
                    edges.add(shape(nonBlank.get(i)));
                }
            }
            edges.forEach(e -> counts.merge(e, 1, Integer::sum));
        }
        Set<String> running = new HashSet<>();
        counts.forEach((line, n) -> {
            if (n * 10 >= pages.size() * 6) {
                running.add(line);
            }
        });
        return running;
    }

    private static String shape(String line) {
        return line.replaceAll("\\d+", "#");
    }

    private static String title(PDDocument pdf, List<String> firstPage) {
        String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
        if (title != null && !Text.clean(title).isEmpty()) {
            return Text.clean(title);
        }
        return TextSource.leadingTitle(firstPage);
    }
}
