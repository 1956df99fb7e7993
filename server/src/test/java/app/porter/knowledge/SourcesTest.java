package app.porter.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import app.porter.demo.DemoProperty;

/** The parsers keep what a citation needs: clause numbers and headings, whole Q&A pairs, rows with headers. */
class SourcesTest {

    private static Chunk chunk(ParsedDocument parsed, String heading) {
        return parsed.chunks().stream().filter(c -> c.heading().equals(heading)).findFirst()
                .orElseThrow(() -> new AssertionError("no chunk \"" + heading + "\" in "
                        + parsed.chunks().stream().map(Chunk::heading).toList()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void markdownHandbookKeepsItsSectionsAndSlugs() {
        ParsedDocument parsed = Sources.parse(SourceFormat.MARKDOWN, DemoProperty.handbook());
        assertEquals("Maple Court Resident Handbook", parsed.title());
        assertEquals(44, parsed.chunks().size());
        List<Passage> passages = Passages.build("maple-court-handbook", parsed.title(),
                Scope.property("maple-court"), null, parsed.chunks());
        assertEquals("maple-court-handbook#late-fees", passages.get(7).id());
        assertEquals("maple-court-handbook#renters-insurance", passages.get(22).id());
    }

    @Test
    void markdownQuestionsTablesAndLists() {
        ParsedDocument parsed = Sources.parse(SourceFormat.MARKDOWN, utf8("""
                # Resident FAQ
                Intro line.

                **Q:** Can I paint my walls?
                **A:** Yes, with written approval.
                Small nails are fine.

                ## Fees
                | Fee | Amount |
                |-----|-------:|
                | Late fee | $50 |
                | Key fob | $25 |

                ## Pets
                - Two pets per home.
                - Dogs under 40 lb.
                1. Register first.
                """));
        assertEquals("Resident FAQ", parsed.title());
        Chunk question = chunk(parsed, "Can I paint my walls?");
        assertTrue(question.whole());
        assertEquals("Yes, with written approval. Small nails are fine.", question.text());
        assertEquals("Fee: Late fee; Amount: $50\n\nFee: Key fob; Amount: $25", chunk(parsed, "Fees").text());
        assertEquals("Two pets per home.\n\nDogs under 40 lb.\n\nRegister first.", chunk(parsed, "Pets").text());
        assertEquals("Intro line.", chunk(parsed, "").text());
    }

    @Test
    void leaseTextGetsItsClauseNumbersAsHeadings() {
        ParsedDocument parsed = Sources.parse(SourceFormat.TEXT, utf8(TestDocuments.resource("lease-harbor-view-4b.txt")));
        assertEquals("RESIDENTIAL LEASE AGREEMENT", parsed.title());
        assertEquals("clauses", parsed.structure());
        assertTrue(chunk(parsed, "7.2 Pets").text().startsWith("The Tenant may keep one cat in Unit 4B."));
        assertTrue(chunk(parsed, "1. Parties").text().contains("Jordan Avery"));
        // An address or an amount at the start of a line is not a clause.
        assertFalse(parsed.chunks().stream().anyMatch(c -> c.heading().startsWith("88 ")));
    }

    @Test
    void clauseHeadings() {
        assertEquals(Optional.of(new Clauses.Heading("7.2 Pets", "Tenant may keep one cat.")),
                Clauses.match("7.2 Pets. Tenant may keep one cat."));
        assertEquals(Optional.of(new Clauses.Heading("Section 12 Notices", "")), Clauses.match("Section 12 Notices"));
        assertEquals(Optional.of(new Clauses.Heading("HOUSE RULES", "")), Clauses.match("HOUSE RULES"));
        assertEquals("7.2", Clauses.match("7.2 The Tenant shall not keep any animal of any kind in the premises without"
                + " the prior written consent of the Landlord.").orElseThrow().heading());
        assertTrue(Clauses.match("1200 Maple Court Drive").isEmpty());
        assertTrue(Clauses.match("10.00 AM is when the office opens").isEmpty());
        assertTrue(Clauses.match("7 days' notice is required.").isEmpty());
    }

    @Test
    void titleCaseLinesOfTheirOwnAreHeadingsInTextAndPdf() {
        String guide = """
                Welcome to the Heights

                The office is open Monday through Friday from 9 to 6.

                Getting Your Money Back When You Go

                Your deposit comes back within 21 days of move-out.
                Lights, Water, and Wi-Fi
                are on one bill, which the line above merely wraps onto.

                RESIDENT: Maya Okafor          Date: May 10, 2024
                """;
        for (ParsedDocument parsed : List.of(Sources.parse(SourceFormat.TEXT, utf8(guide)),
                Sources.parse(SourceFormat.PDF, TestDocuments.pdf("Community Guide", guide)))) {
            List<String> headings = parsed.chunks().stream().map(Chunk::heading).toList();
            assertTrue(headings.contains("Getting Your Money Back When You Go"), headings.toString());
            assertTrue(chunk(parsed, "Getting Your Money Back When You Go").text().startsWith("Your deposit"));
            // Inside a paragraph a title-case line is running text; a signature line is a label and a value.
            assertFalse(headings.contains("Lights, Water, and Wi-Fi"), headings.toString());
            assertFalse(headings.stream().anyMatch(h -> h.contains("Okafor")), headings.toString());
        }
        assertTrue(Clauses.isTitleCaseHeading("Places to Sweat, Swim, and Sit"));
        assertTrue(Clauses.isTitleCaseHeading("What's Yours to Insure"));
        assertFalse(Clauses.isTitleCaseHeading("Call the Front Desk."));
        assertFalse(Clauses.isTitleCaseHeading("Quiet hours start at ten"));
        assertFalse(Clauses.isTitleCaseHeading("Pets"));
    }

    @Test
    void aSectionKnowsTheHeadingsAboveIt() {
        // round 14 of issue 12: a sub-clause is embedded with its clause's title, a sub-section with its section's
        String lease = """
                RESIDENTIAL LEASE

                7. Use and Occupancy
                7.1 Residential Use Only
                The Premises are a private home.
                7.2 Guests
                A guest may stay up to 10 nights in any month.
                8. Smoking
                Smoking is not allowed anywhere.
                """;
        for (ParsedDocument parsed : List.of(Sources.parse(SourceFormat.TEXT, utf8(lease)),
                Sources.parse(SourceFormat.DOCX, TestDocuments.docx("Lease", lease)))) {
            assertEquals("Use and Occupancy", chunk(parsed, "7.2 Guests").context());
            assertEquals("", chunk(parsed, "8. Smoking").context());
        }
        ParsedDocument guide = Sources.parse(SourceFormat.MARKDOWN, utf8("""
                # Resident Guide

                ## Moving

                Book the elevator.

                ### Move-Out Walkthrough

                We inspect with you.

                #### Keys

                Hand in every fob.

                ## Pets

                ### Can I have a dog?

                Yes, under 40 pounds.
                """));
        assertEquals("", chunk(guide, "Moving").context());
        assertEquals("Moving", chunk(guide, "Move-Out Walkthrough").context());
        assertEquals("Moving. Move-Out Walkthrough", chunk(guide, "Keys").context());
        assertEquals("Pets", chunk(guide, "Can I have a dog?").context());
        // A heading above every section is the document's title: it tells no passage apart from another.
        ParsedDocument handbook = Sources.parse(SourceFormat.HTML, utf8("""
                <h1>Cedar Handbook</h1><p>Welcome.</p>
                <h2>Rent</h2><p>Due on the 1st.</p>
                <h3>Late fees</h3><p>$50 after the 5th.</p>
                <h2>Pets</h2><p>Cats welcome.</p>
                """));
        assertEquals("", chunk(handbook, "Rent").context());
        assertEquals("Rent", chunk(handbook, "Late fees").context());
    }

    @Test
    void pdfKeepsClausesAndDropsPageFooters() {
        String lease = TestDocuments.resource("lease-harbor-view-4b.txt");
        ParsedDocument parsed = Sources.parse(SourceFormat.PDF, TestDocuments.pdf("Lease: Harbor View 4B", lease));
        assertEquals("Lease: Harbor View 4B", parsed.title());
        assertEquals(2, parsed.pages());
        assertEquals("The Tenant may keep one cat in Unit 4B. Dogs are not permitted. A refundable pet deposit of $400"
                + " is due before the cat moves in.", chunk(parsed, "7.2 Pets").text());
        assertFalse(parsed.chunks().stream().anyMatch(c -> c.text().contains("Page 1 of")), "footers are dropped");
        assertEquals(Sources.parse(SourceFormat.TEXT, utf8(lease)).chunks().size(), parsed.chunks().size());
    }

    @Test
    void docxKeepsClausesAndTableRowsWithTheirHeaders() {
        ParsedDocument parsed = Sources.parse(SourceFormat.DOCX,
                TestDocuments.docx("Lease: Harbor View 5A", TestDocuments.resource("lease-harbor-view-5a.txt")));
        assertEquals("Lease: Harbor View 5A", parsed.title());
        assertTrue(chunk(parsed, "7.2 Pets").text().startsWith("No pets of any kind may be kept in Unit 5A."));
        assertTrue(chunk(parsed, "3.2 Late payment").text()
                .contains("Charge: Storage locker; Amount: $35; Due: 1st of each month"));
    }

    @Test
    void htmlSectionsDefinitionListsAndTables() {
        ParsedDocument parsed = Sources.parse(SourceFormat.HTML, utf8(TestDocuments.resource("harbor-view-house-rules.html")));
        assertEquals("Harbor View House Rules", parsed.title());
        assertTrue(chunk(parsed, "Rooftop deck").text().startsWith("The rooftop deck is open from 7:00 AM"));
        Chunk washer = chunk(parsed, "Can I install a washing machine in my apartment?");
        assertTrue(washer.whole());
        assertTrue(washer.text().startsWith("No. Harbor View apartments have no washer connections"));
        assertTrue(chunk(parsed, "Fees").text().contains("Fee: Key fob replacement; Amount: $45"));
        assertFalse(parsed.chunks().stream().anyMatch(c -> c.text().contains("analytics") || c.text().contains("Home |")),
                "scripts and navigation are left out");
    }

    @Test
    void csvFaqMaintenanceRecordsAndTables() {
        ParsedDocument faq = Sources.parse(SourceFormat.CSV, utf8(TestDocuments.resource("portfolio-faq.csv")));
        assertEquals("faq", faq.structure());
        assertTrue(chunk(faq, "Do you accept housing vouchers?").whole());

        ParsedDocument records = Sources.parse(SourceFormat.CSV, utf8(TestDocuments.resource("harbor-view-maintenance.csv")));
        assertEquals("maintenance-records", records.structure());
        Chunk sink = chunk(records, "Unit 4B · 2025-01-14 · Plumbing");
        assertEquals("4B", sink.unitId());
        assertTrue(sink.text().contains("status: completed"));
        assertEquals(null, chunk(records, "Common areas · 2025-02-01 · Elevator").unitId());

        ParsedDocument details = Sources.parse(SourceFormat.CSV, utf8("""
                field;value
                Office hours;Mon-Fri 9-5
                Emergency line;(555) 0199
                """));
        assertEquals("Emergency line: (555) 0199", chunk(details, "Emergency line").text());
    }

    @Test
    void jsonPropertyDetails() {
        ParsedDocument parsed = Sources.parse(SourceFormat.JSON, utf8(TestDocuments.resource("harbor-view-details.json")));
        assertEquals("Harbor View Apartments", parsed.title());
        assertTrue(chunk(parsed, "Emergency numbers").text().contains("Maintenance emergency: (603) 555-0199"));
        assertTrue(chunk(parsed, "Amenities").text().contains("Rooftop deck with harbor views, Fitness room"));
        assertTrue(chunk(parsed, "Office hours").text().contains("8:30 AM to 5:00 PM"));
    }

    @Test
    void longSectionsAreSplitAtParagraphsAndStayUnderTheLimit() {
        String paragraph = "This paragraph talks about the rules for one thing in some detail. ".repeat(6).strip();
        String text = String.join("\n\n", java.util.Collections.nCopies(8, paragraph));
        List<String> parts = Passages.split(text);
        assertTrue(parts.size() >= 3, parts.size() + " parts");
        assertTrue(parts.stream().allMatch(p -> p.length() <= Passages.MAX_CHARS));
        assertEquals(text.replace("\n\n", " "), String.join(" ", parts).replace("\n\n", " "));
    }

    @Test
    void formatsAreRecognisedByTypeOrName() {
        assertEquals(Optional.of(SourceFormat.MARKDOWN), SourceFormat.detect("application/octet-stream", "rules.md"));
        assertEquals(Optional.of(SourceFormat.CSV), SourceFormat.detect("text/plain", "faq.csv"));
        assertEquals(Optional.of(SourceFormat.TEXT), SourceFormat.detect("text/plain; charset=utf-8", "notes"));
        assertEquals(Optional.of(SourceFormat.PDF), SourceFormat.detect("application/pdf", "lease"));
        assertEquals(Optional.empty(), SourceFormat.detect("image/png", "scan.png"));
        assertEquals(Optional.empty(), SourceFormat.detect("application/octet-stream", "old-lease.doc"));
    }

    @Test
    void badFilesAreRefusedWithAReason() {
        assertUnreadable(SourceFormat.PDF, TestDocuments.passwordProtectedPdf("Secret lease text.", "s3cret"),
                "password-protected");
        assertUnreadable(SourceFormat.PDF, TestDocuments.malformedPdf(), "damaged or malformed");
        assertUnreadable(SourceFormat.PDF, utf8("Just some text pretending to be a PDF"), "not a PDF");
        assertUnreadable(SourceFormat.PDF, TestDocuments.pdfWithoutText(2), "OCR");
        assertUnreadable(SourceFormat.DOCX, TestDocuments.zipBombDocx(20), "zip bomb");
        assertUnreadable(SourceFormat.DOCX, TestDocuments.pdf("x", "y"), "not a Word .docx");
        assertUnreadable(SourceFormat.CSV, utf8("question,answer\n\"unclosed,quote\n"), "malformed");
        assertUnreadable(SourceFormat.JSON, utf8("{\"name\": "), "not valid JSON");
    }

    private static void assertUnreadable(SourceFormat format, byte[] bytes, String reason) {
        DocumentRejected rejected = assertThrows(DocumentRejected.class, () -> Sources.parse(format, bytes));
        assertEquals("unreadable_document", rejected.error());
        assertTrue(rejected.getMessage().contains(reason), rejected.getMessage());
    }
}
