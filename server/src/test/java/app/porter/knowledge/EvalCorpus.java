package app.porter.knowledge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import app.porter.audit.AuditLog;
import app.porter.demo.DemoProperty;
import app.porter.inference.Embedder;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * The knowledge base the retrieval evaluation runs on, built for real through {@link KnowledgeLibrary} (parsers,
 * passages, embeddings, Lucene) in a data folder: the demo handbook of Maple Court, a portfolio-wide FAQ (CSV), and
 * Harbor View with its property details (JSON), house rules (HTML), maintenance records (CSV), the lease of unit 4B
 * (a PDF written here) and the lease of unit 5A (a Word document written here); Cedar Point with its house rules
 * (Markdown, with a Parking section and a Guests section that covers visitor parking) and the lease of unit 2C
 * (numbered clauses, a PDF written here); Birchwood Lofts with an FAQ (plain-text Q/A) and community rules
 * (Markdown); Linden Yard with a resident handbook (Markdown) and the lease of unit 3F (numbered clauses, plain
 * text), written for round 4 of issue 12; Willow Quay Apartments with a resident guide (HTML) and the lease of unit
 * 7D (numbered clauses, plain text), written for round 7 of issue 12; Quarry Mill Lofts with a resident handbook
 * (Markdown), an FAQ (plain-text Q/A) and the lease of unit 2B (numbered clauses, a PDF written here), written for
 * round 8; Fernhill Commons with a resident handbook (Markdown) and community rules (HTML), written for round 9;
 * Juniper Row with a resident guide (Markdown) and community policies (HTML), written for round 10; Alder Bend with
 * an FAQ (plain text) and the lease of unit 12C (a PDF written here) and Sorrel Point with a handbook (Markdown) and
 * rules (HTML), written for round 11; Tamsin Wharf with a resident guide (Markdown) and the lease of unit 4E (a Word
 * document written here) and Marrow Creek with a handbook (HTML, with tables) and an FAQ (CSV), written for round 12;
 * Quillon Heights with a community guide (plain text with title-case headings, installed as a PDF written here) and
 * an FAQ (Markdown, one heading per question), written for round 13, and Brackenridge Lofts with a handbook (HTML, with
 * tables and subsections) and the lease of unit 3C (a Word document written here), written for round 13's second.
 * The properties from Linden Yard on are left out when {@code withLindenYard} is false (to compare the other sets on
 * the corpus they were measured on).
 */
public final class EvalCorpus implements AutoCloseable {

    public static final String HARBOR_VIEW = "harbor-view";
    public static final String CEDAR_POINT = "cedar-point";
    public static final String BIRCHWOOD = "birchwood";
    public static final String LINDEN_YARD = "linden-yard";
    public static final String WILLOW_QUAY = "willow-quay";
    public static final String QUARRY_MILL = "quarry-mill";
    public static final String FERNHILL_COMMONS = "fernhill-commons";
    public static final String JUNIPER_ROW = "juniper-row";
    public static final String ALDER_BEND = "alder-bend";
    public static final String SORREL_POINT = "sorrel-point";
    public static final String TAMSIN_WHARF = "tamsin-wharf";
    public static final String MARROW_CREEK = "marrow-creek";
    public static final String QUILLON_HEIGHTS = "quillon-heights";
    public static final String BRACKENRIDGE_LOFTS = "brackenridge-lofts";
    public static final String WRENFIELD_COURT = "wrenfield-court";
    public static final String DUNMORE_MILLS = "dunmore-mills";
    public static final String CORVIN_YARD = "corvin-yard";

    public final Database database;
    public final KnowledgeIndex index;
    public final KnowledgeBase knowledge;
    public final KnowledgeLibrary service;

    private EvalCorpus(Database database, KnowledgeIndex index, KnowledgeBase knowledge, KnowledgeLibrary service) {
        this.database = database;
        this.index = index;
        this.knowledge = knowledge;
        this.service = service;
    }

    /** Builds the corpus in {@code dataDir} with {@code embedder} (which the caller closes). */
    public static EvalCorpus build(Path dataDir, Embedder embedder) throws IOException, SQLException, InterruptedException {
        return build(dataDir, embedder, KnowledgeBase.DEFAULT_VIEWS);
    }

    /** As {@link #build(Path, Embedder)}, embedding {@code views} of each passage. */
    public static EvalCorpus build(Path dataDir, Embedder embedder, KnowledgeBase.Views views)
            throws IOException, SQLException, InterruptedException {
        return build(dataDir, embedder, views, true);
    }

    /**
     * As {@link #build(Path, Embedder, KnowledgeBase.Views)}, with or without Linden Yard's documents (and Willow
     * Quay's, which came later).
     */
    public static EvalCorpus build(Path dataDir, Embedder embedder, KnowledgeBase.Views views, boolean withLindenYard)
            throws IOException, SQLException, InterruptedException {
        Database database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS, KnowledgeLibrary.MIGRATIONS)
                .flatMap(List<Migration>::stream).toList());
        Clock clock = Clock.systemUTC();
        AuditLog audit = new AuditLog(database, clock);
        Portfolio portfolio = new Portfolio(database, audit, clock);
        portfolio.addIfAbsent(DemoProperty.PROPERTY);
        portfolio.addIfAbsent(new Property(HARBOR_VIEW, "Harbor View Apartments"));
        portfolio.addUnitIfAbsent(new Unit(HARBOR_VIEW, "4B", null));
        portfolio.addUnitIfAbsent(new Unit(HARBOR_VIEW, "5A", null));
        portfolio.addIfAbsent(new Property(CEDAR_POINT, "Cedar Point Residences"));
        portfolio.addUnitIfAbsent(new Unit(CEDAR_POINT, "2C", null));
        portfolio.addIfAbsent(new Property(BIRCHWOOD, "Birchwood Lofts"));
        portfolio.addIfAbsent(new Property(LINDEN_YARD, "Linden Yard"));
        portfolio.addUnitIfAbsent(new Unit(LINDEN_YARD, "3F", null));
        portfolio.addIfAbsent(new Property(WILLOW_QUAY, "Willow Quay Apartments"));
        portfolio.addUnitIfAbsent(new Unit(WILLOW_QUAY, "7D", null));
        portfolio.addIfAbsent(new Property(QUARRY_MILL, "Quarry Mill Lofts"));
        portfolio.addUnitIfAbsent(new Unit(QUARRY_MILL, "2B", null));
        portfolio.addIfAbsent(new Property(FERNHILL_COMMONS, "Fernhill Commons"));
        portfolio.addIfAbsent(new Property(JUNIPER_ROW, "Juniper Row Apartments"));
        portfolio.addIfAbsent(new Property(ALDER_BEND, "Alder Bend Apartments"));
        portfolio.addUnitIfAbsent(new Unit(ALDER_BEND, "12C", null));
        portfolio.addIfAbsent(new Property(SORREL_POINT, "Sorrel Point Apartments"));
        portfolio.addIfAbsent(new Property(TAMSIN_WHARF, "Tamsin Wharf Residences"));
        portfolio.addUnitIfAbsent(new Unit(TAMSIN_WHARF, "4E", null));
        portfolio.addIfAbsent(new Property(MARROW_CREEK, "Marrow Creek Flats"));
        portfolio.addIfAbsent(new Property(QUILLON_HEIGHTS, "Quillon Heights"));
        portfolio.addIfAbsent(new Property(BRACKENRIDGE_LOFTS, "Brackenridge Lofts"));
        portfolio.addUnitIfAbsent(new Unit(BRACKENRIDGE_LOFTS, "3C", null));
        portfolio.addIfAbsent(new Property(WRENFIELD_COURT, "Wrenfield Court Apartments"));
        portfolio.addUnitIfAbsent(new Unit(WRENFIELD_COURT, "5D", null));
        portfolio.addIfAbsent(new Property(DUNMORE_MILLS, "Dunmore Mills"));
        portfolio.addUnitIfAbsent(new Unit(DUNMORE_MILLS, "2F", null));
        portfolio.addIfAbsent(new Property(CORVIN_YARD, "Corvin Yard"));
        portfolio.addUnitIfAbsent(new Unit(CORVIN_YARD, "B12", null));
        KnowledgeIndex index = KnowledgeIndex.open(dataDir.resolve("knowledge/index"), embedder.modelName(),
                embedder.dimensions());
        KnowledgeBase knowledge = new KnowledgeBase(embedder, index, views);
        KnowledgeLibrary service = new KnowledgeLibrary(database, portfolio, audit, knowledge,
                dataDir.resolve("knowledge"), new KnowledgeLibrary.Settings(25L << 20), clock);
        service.start();
        DemoProperty.install(portfolio, service);
        Scope harborView = Scope.property(HARBOR_VIEW);
        install(service, "portfolio-faq", "portfolio-faq.csv", "text/csv", text("portfolio-faq.csv"), Scope.PORTFOLIO);
        install(service, "harbor-view-details", "harbor-view.json", "application/json",
                text("harbor-view-details.json"), harborView);
        install(service, "harbor-view-house-rules", "house-rules.html", "text/html",
                text("harbor-view-house-rules.html"), harborView);
        install(service, "harbor-view-maintenance", "maintenance.csv", "text/csv",
                text("harbor-view-maintenance.csv"), harborView);
        install(service, "lease-harbor-view-4b", "lease-4b.pdf", "application/pdf",
                TestDocuments.pdf("Lease: Harbor View 4B", TestDocuments.resource("lease-harbor-view-4b.txt")),
                Scope.unit(HARBOR_VIEW, "4B"));
        install(service, "lease-harbor-view-5a", "lease-5a.docx", SourceFormat.DOCX.mediaType(),
                TestDocuments.docx("Lease: Harbor View 5A", TestDocuments.resource("lease-harbor-view-5a.txt")),
                Scope.unit(HARBOR_VIEW, "5A"));
        install(service, "cedar-point-house-rules", "house-rules.md", "text/markdown",
                text("cedar-point-house-rules.md"), Scope.property(CEDAR_POINT));
        install(service, "lease-cedar-point-2c", "lease-2c.pdf", "application/pdf",
                TestDocuments.pdf("Lease: Cedar Point 2C", TestDocuments.resource("cedar-point-lease.txt")),
                Scope.unit(CEDAR_POINT, "2C"));
        install(service, "birchwood-faq", "faq.txt", "text/plain", text("birchwood-faq.txt"),
                Scope.property(BIRCHWOOD));
        install(service, "birchwood-rules", "community-rules.md", "text/markdown", text("birchwood-rules.md"),
                Scope.property(BIRCHWOOD));
        if (withLindenYard) {
            install(service, "linden-yard-handbook", "resident-handbook.md", "text/markdown",
                    text("linden-yard-handbook.md"), Scope.property(LINDEN_YARD));
            install(service, "lease-linden-yard-3f", "lease-3f.txt", "text/plain", text("linden-yard-lease.txt"),
                    Scope.unit(LINDEN_YARD, "3F"));
            install(service, "willow-quay-guide", "resident-guide.html", "text/html",
                    text("willow-quay-guide.html"), Scope.property(WILLOW_QUAY));
            install(service, "lease-willow-quay-7d", "lease-7d.txt", "text/plain", text("willow-quay-lease-7d.txt"),
                    Scope.unit(WILLOW_QUAY, "7D"));
            install(service, "quarry-mill-handbook", "resident-handbook.md", "text/markdown",
                    text("quarry-mill-handbook.md"), Scope.property(QUARRY_MILL));
            install(service, "quarry-mill-faq", "faq.txt", "text/plain", text("quarry-mill-faq.txt"),
                    Scope.property(QUARRY_MILL));
            install(service, "lease-quarry-mill-2b", "lease-2b.pdf", "application/pdf",
                    TestDocuments.pdf("Lease: Quarry Mill 2B", TestDocuments.resource("quarry-mill-lease-2b.txt")),
                    Scope.unit(QUARRY_MILL, "2B"));
            install(service, "fernhill-commons-handbook", "resident-handbook.md", "text/markdown",
                    text("fernhill-commons-handbook.md"), Scope.property(FERNHILL_COMMONS));
            install(service, "fernhill-commons-rules", "community-rules.html", "text/html",
                    text("fernhill-commons-rules.html"), Scope.property(FERNHILL_COMMONS));
            install(service, "juniper-row-resident-guide", "resident-guide.md", "text/markdown",
                    text("juniper-row-resident-guide.md"), Scope.property(JUNIPER_ROW));
            install(service, "juniper-row-policies", "community-policies.html", "text/html",
                    text("juniper-row-policies.html"), Scope.property(JUNIPER_ROW));
            install(service, "alder-bend-faq", "faq.txt", "text/plain", text("alder-bend-faq.txt"),
                    Scope.property(ALDER_BEND));
            install(service, "lease-alder-bend-12c", "lease-12c.pdf", "application/pdf",
                    TestDocuments.pdf("Lease: Alder Bend 12C", TestDocuments.resource("alder-bend-lease-12c.txt")),
                    Scope.unit(ALDER_BEND, "12C"));
            install(service, "sorrel-point-handbook", "resident-handbook.md", "text/markdown",
                    text("sorrel-point-handbook.md"), Scope.property(SORREL_POINT));
            install(service, "sorrel-point-rules", "community-rules.html", "text/html",
                    text("sorrel-point-rules.html"), Scope.property(SORREL_POINT));
            install(service, "tamsin-wharf-resident-guide", "resident-guide.md", "text/markdown",
                    text("tamsin-wharf-resident-guide.md"), Scope.property(TAMSIN_WHARF));
            install(service, "lease-tamsin-wharf-4e", "lease-4e.docx", SourceFormat.DOCX.mediaType(),
                    TestDocuments.docx("Lease: Tamsin Wharf 4E", TestDocuments.resource("tamsin-wharf-lease-4e.txt")),
                    Scope.unit(TAMSIN_WHARF, "4E"));
            install(service, "marrow-creek-handbook", "resident-handbook.html", "text/html",
                    text("marrow-creek-handbook.html"), Scope.property(MARROW_CREEK));
            install(service, "marrow-creek-faq", "faq.csv", "text/csv", text("marrow-creek-faq.csv"),
                    Scope.property(MARROW_CREEK));
            install(service, "quillon-heights-community-guide", "community-guide.pdf", "application/pdf",
                    TestDocuments.pdf("Quillon Heights Community Guide",
                            TestDocuments.resource("quillon-heights-community-guide.txt")),
                    Scope.property(QUILLON_HEIGHTS));
            install(service, "quillon-heights-faq", "faq.md", "text/markdown", text("quillon-heights-faq.md"),
                    Scope.property(QUILLON_HEIGHTS));
            install(service, "brackenridge-lofts-handbook", "resident-handbook.html", "text/html",
                    text("brackenridge-lofts-handbook.html"), Scope.property(BRACKENRIDGE_LOFTS));
            install(service, "lease-brackenridge-lofts-3c", "lease-3c.docx", SourceFormat.DOCX.mediaType(),
                    TestDocuments.docx("Lease: Brackenridge Lofts 3C",
                            TestDocuments.resource("brackenridge-lofts-lease-3c.txt")),
                    Scope.unit(BRACKENRIDGE_LOFTS, "3C"));
            install(service, "wrenfield-court-resident-guide", "resident-guide.md", "text/markdown",
                    text("wrenfield-court-resident-guide.md"), Scope.property(WRENFIELD_COURT));
            install(service, "wrenfield-court-faq", "faq.csv", "text/csv", text("wrenfield-court-faq.csv"),
                    Scope.property(WRENFIELD_COURT));
            install(service, "lease-wrenfield-court-5d", "lease-5d.pdf", "application/pdf",
                    TestDocuments.pdf("Lease: Wrenfield Court 5D",
                            TestDocuments.resource("wrenfield-court-lease-5d.txt")),
                    Scope.unit(WRENFIELD_COURT, "5D"));
            install(service, "dunmore-mills-handbook", "resident-handbook.pdf", "application/pdf",
                    TestDocuments.pdf("Dunmore Mills Resident Handbook",
                            TestDocuments.resource("dunmore-mills-handbook.txt")),
                    Scope.property(DUNMORE_MILLS));
            install(service, "dunmore-mills-faq", "faq.html", "text/html", text("dunmore-mills-faq.html"),
                    Scope.property(DUNMORE_MILLS));
            install(service, "lease-dunmore-mills-2f", "lease-2f.docx", SourceFormat.DOCX.mediaType(),
                    TestDocuments.docx("Lease: Dunmore Mills 2F", TestDocuments.resource("dunmore-mills-lease-2f.txt")),
                    Scope.unit(DUNMORE_MILLS, "2F"));
            install(service, "corvin-yard-handbook", "resident-handbook.html", "text/html",
                    text("corvin-yard-handbook.html"), Scope.property(CORVIN_YARD));
            install(service, "corvin-yard-faq", "faq.txt", "text/plain", text("corvin-yard-faq.txt"),
                    Scope.property(CORVIN_YARD));
            install(service, "lease-corvin-yard-b12", "lease-b12.txt", "text/plain",
                    text("corvin-yard-lease-b12.txt"), Scope.unit(CORVIN_YARD, "B12"));
        }
        if (!service.awaitIdle(Duration.ofMinutes(2))) {
            throw new IllegalStateException("ingestion did not finish");
        }
        return new EvalCorpus(database, index, knowledge, service);
    }

    private static byte[] text(String resource) {
        return TestDocuments.resource(resource).getBytes(StandardCharsets.UTF_8);
    }

    private static void install(KnowledgeLibrary service, String id, String filename, String type, byte[] bytes,
                                Scope scope) {
        service.installBundled(id, new KnowledgeLibrary.Upload(filename, type, bytes, scope));
    }

    @Override
    public void close() {
        service.close();
        index.close();
        database.close();
    }
}
