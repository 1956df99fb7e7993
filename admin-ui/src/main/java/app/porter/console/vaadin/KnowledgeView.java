package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.shared.Registration;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.console.ConsoleContext;
import app.porter.errors.DomainException;
import app.porter.knowledge.IngestionJob;
import app.porter.knowledge.KnowledgeDocument;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Passage;
import app.porter.knowledge.Scope;
import app.porter.knowledge.ScoredPassage;
import app.porter.knowledge.SourceFormat;
import app.porter.language.Language;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;

/**
 * The knowledge base: pick a scope (the whole portfolio, a property, or one unit), upload documents to it (drag
 * and drop, several at once) and watch them being indexed, list the documents a tenant there would draw on,
 * preview a document's passages, re-index or delete it, and try a question to see the ranked passages and their
 * scores. Every action goes through {@link KnowledgeLibrary}, the same service as the admin API, which checks the
 * role and writes the audit log. Agents see everything; only admins see the controls that change anything.
 */
@Route(value = "knowledge", layout = ConsoleLayout.class)
@PageTitle("Knowledge base · Porter")
public final class KnowledgeView extends VerticalLayout {

    static final int RESULTS = 5;
    private static final int POLL_MILLIS = 500;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    /** What the file picker offers: every extension the knowledge service reads. */
    private static final String[] ACCEPTED = Arrays.stream(SourceFormat.values())
            .flatMap(f -> f.extensions().stream()).map(e -> "." + e).toArray(String[]::new);

    /** One search result as shown: its rank (1 = best). */
    record Ranked(int rank, String title, String document, float score, float fused, String text) {
        String formattedScore() {
            return String.format(Locale.ROOT, "%.3f", score);
        }

        String formattedFused() {
            return String.format(Locale.ROOT, "%.4f", fused);
        }
    }

    private final ConsoleContext services;
    private final KnowledgeLibrary knowledge;
    private final Actor actor;
    private final boolean admin;

    private final Select<Property> property = new Select<>();
    private final Select<Unit> unit = new Select<>();
    private final Grid<KnowledgeDocument> documents = new Grid<>();
    private final Grid<Passage> passages = new Grid<>();
    private final H3 passagesTitle = new H3();
    private final TextField query = new TextField("Try a question");
    private final Span searchScope = new Span();
    private final Grid<Ranked> results = new Grid<>();
    private final VerticalLayout jobs = new VerticalLayout();
    /** Jobs started from this view, shown with a progress bar until they finish (and briefly after). */
    private final Map<String, IngestionJob> tracked = new LinkedHashMap<>();
    private Registration polling;
    /** The scope uploads go to; read by the upload handler, which runs outside the UI lock. */
    private volatile Scope uploadScope = Scope.PORTFOLIO;
    /** The language new uploads are marked as; "" for the firm's default. Read on the upload request's thread. */
    private volatile String uploadLanguage = "";

    public KnowledgeView() {
        services = ConsoleServices.current();
        knowledge = services.knowledge();
        AdminPrincipal principal = ConsoleSession.principal()
                .orElseThrow(() -> new IllegalStateException("not signed in"));
        // The service checks the role on every change; knowing it here only decides which buttons to offer.
        actor = principal.actor();
        admin = principal.role() == Role.ADMIN;

        H2 title = new H2("Knowledge base");
        title.getStyle().set("margin", "0");
        Span conversations = new Span("Conversations: " + services.conversations().count());
        conversations.setId("conversation-count");
        conversations.getElement().getThemeList().add("badge");
        HorizontalLayout header = new HorizontalLayout(title, conversations);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.expand(title);

        add(header, scopeSelector());
        if (admin) {
            add(upload());
        }
        jobs.setId("kb-jobs");
        jobs.setPadding(false);
        jobs.setSpacing(false);
        add(jobs, documentsSection());

        HorizontalLayout body = new HorizontalLayout(passagesSection(), search());
        body.setWidthFull();
        body.setFlexGrow(1, body.getComponentAt(0), body.getComponentAt(1));
        add(body);
        setWidthFull();

        property.setValue(services.portfolio().find(services.demoPropertyId()).orElse(null));
        refreshDocuments();
    }

    // --- scope ---

    private HorizontalLayout scopeSelector() {
        property.setId("kb-property");
        property.setLabel("Property");
        property.setWidth("18em");
        property.setItems(services.portfolio().list());
        // The label generator also labels the empty item, with null.
        property.setItemLabelGenerator(p -> p == null ? "Whole portfolio" : p.name());
        property.setEmptySelectionAllowed(true);
        property.setEmptySelectionCaption("Whole portfolio");
        property.addValueChangeListener(e -> {
            List<Unit> units = e.getValue() == null ? List.of() : services.portfolio().units(e.getValue().id());
            unit.setItems(units);
            unit.setValue(null);
            unit.setEnabled(!units.isEmpty());
            scopeChanged();
        });

        unit.setId("kb-unit");
        unit.setLabel("Unit");
        unit.setWidth("16em");
        unit.setItemLabelGenerator(u -> u == null ? "All tenants of the property"
                : u.name() == null ? u.id() : u.id() + " · " + u.name());
        unit.setEmptySelectionAllowed(true);
        unit.setEmptySelectionCaption("All tenants of the property");
        unit.setEnabled(false);
        unit.addValueChangeListener(e -> scopeChanged());

        Span hint = new Span("Uploads go to this scope. The list shows what a tenant here draws on, and questions are"
                + " answered from it.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        HorizontalLayout selector = new HorizontalLayout(property, unit, hint);
        selector.setAlignItems(FlexComponent.Alignment.BASELINE);
        return selector;
    }

    /** The selected scope: the portfolio (no property), a property, or one of its units. */
    private Scope scope() {
        Property p = property.getValue();
        Unit u = unit.getValue();
        return p == null ? Scope.PORTFOLIO : new Scope(p.id(), u == null ? null : u.id());
    }

    private void scopeChanged() {
        Scope scope = scope();
        uploadScope = scope;
        searchScope.setText(scope.propertyId() == null ? "Searching every document of every scope."
                : "Searching as a tenant of " + scope.label() + " would.");
        refreshDocuments();
        results.setItems(List.of());
    }

    // --- upload and jobs ---

    private Component upload() {
        UI ui = UI.getCurrent();
        Upload upload = new Upload(UploadHandler.inMemory((metadata, bytes) -> {
            // Runs on the upload request, outside the UI lock: parse and queue here, touch components in access().
            Scope target = uploadScope;
            try {
                KnowledgeLibrary.Accepted accepted = knowledge.upload(actor,
                        new KnowledgeLibrary.Upload(metadata.fileName(), metadata.contentType(), bytes, target,
                                Language.require(uploadLanguage)));
                ui.access(() -> {
                    track(accepted.job());
                    notify((accepted.replaced() ? "Updating " : "Adding ") + accepted.document().filename()
                            + " (" + accepted.document().scope().label() + ")", false);
                });
            } catch (DomainException e) {
                ui.access(() -> notify(metadata.fileName() + " was not added: " + e.getMessage(), true));
            }
        }));
        upload.setId("kb-upload");
        upload.setAcceptedFileExtensions(ACCEPTED);
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, knowledge.settings().maxDocumentBytes()));
        upload.setDropAllowed(true);
        upload.addFileRejectedListener(e -> notify(e.getFileName() + " was not added: " + e.getErrorMessage(), true));
        upload.setWidthFull();

        Span accepts = new Span("PDF, Word (.docx), HTML, Markdown, text, CSV (FAQ, maintenance records, tables) and"
                + " JSON (property details), up to " + knowledge.settings().maxDocumentBytes() / (1024 * 1024)
                + " MB each. A file with the same name in the same scope replaces that document.");
        accepts.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Button reindexAll = new Button("Re-index all", click -> {
            try {
                knowledge.reindexAll(actor).forEach(this::track);
            } catch (DomainException e) {
                notify(e.getMessage(), true);
            }
        });
        reindexAll.setId("kb-reindex-all");
        reindexAll.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        // Per-language versions of an entry: one file per language; tenants speaking it are given it first.
        Select<String> language = new Select<>();
        language.setId("kb-upload-language");
        language.setLabel("Language of new files");
        List<String> languages = new java.util.ArrayList<>(List.of(""));
        languages.addAll(Language.tags());
        language.setItems(languages);
        language.setItemLabelGenerator(tag -> tag.isEmpty() ? "Firm's default"
                : java.util.Locale.forLanguageTag(tag).getDisplayName(java.util.Locale.ENGLISH));
        language.setValue("");
        language.addValueChangeListener(e -> uploadLanguage = e.getValue() == null ? "" : e.getValue());
        HorizontalLayout row = new HorizontalLayout(accepts, language, reindexAll);
        row.setWidthFull();
        row.expand(accepts);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        return section("Add documents", upload, row);
    }

    private void track(IngestionJob job) {
        tracked.put(job.id(), job);
        startPolling();
        refreshJobs();
        refreshDocuments();
    }

    /** Polls while jobs run, so progress bars move without server push. */
    private void startPolling() {
        getUI().ifPresent(ui -> {
            ui.setPollInterval(POLL_MILLIS);
            if (polling == null) {
                polling = ui.addPollListener(e -> refreshJobs());
            }
        });
    }

    private void stopPolling() {
        getUI().ifPresent(ui -> ui.setPollInterval(-1));
        if (polling != null) {
            polling.remove();
            polling = null;
        }
    }

    private void refreshJobs() {
        boolean changed = false;
        boolean running = false;
        for (Map.Entry<String, IngestionJob> entry : tracked.entrySet()) {
            IngestionJob now = knowledge.job(entry.getKey()).orElse(entry.getValue());
            changed |= !now.state().equals(entry.getValue().state());
            running |= !now.finished();
            entry.setValue(now);
        }
        jobs.removeAll();
        for (IngestionJob job : tracked.values()) {
            jobs.add(jobRow(job));
        }
        if (changed) {
            refreshDocuments();
        }
        if (!running) {
            stopPolling();
        }
    }

    private Component jobRow(IngestionJob job) {
        ProgressBar bar = new ProgressBar(0, 1, job.progress());
        bar.setWidth("16em");
        if (job.state().equals(IngestionJob.FAILED)) {
            bar.addThemeVariants(com.vaadin.flow.component.progressbar.ProgressBarVariant.LUMO_ERROR);
        } else if (job.state().equals(IngestionJob.DONE)) {
            bar.addThemeVariants(com.vaadin.flow.component.progressbar.ProgressBarVariant.LUMO_SUCCESS);
        }
        String label = job.filename() + ": " + switch (job.state()) {
            case IngestionJob.QUEUED -> "waiting";
            case IngestionJob.RUNNING -> "indexing " + job.done() + " of " + job.total() + " passages";
            case IngestionJob.DONE -> "indexed, " + job.total() + " passages";
            case IngestionJob.SUPERSEDED -> "replaced by a newer upload";
            default -> "failed: " + Objects.requireNonNullElse(job.detail(), "unknown error");
        };
        Span text = new Span(label);
        HorizontalLayout row = new HorizontalLayout(bar, text);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        row.addClassName("kb-job");
        row.getElement().setAttribute("data-state", job.state());
        return row;
    }

    // --- documents ---

    private VerticalLayout documentsSection() {
        documents.setId("kb-documents");
        documents.addColumn(KnowledgeDocument::title).setHeader("Document").setFlexGrow(3).setSortable(true);
        documents.addColumn(KnowledgeDocument::filename).setHeader("File").setFlexGrow(2);
        documents.addColumn(d -> d.scope().propertyId() == null ? "Whole portfolio" : d.scope().label())
                .setHeader("Scope").setAutoWidth(true);
        documents.addColumn(KnowledgeDocument::format).setHeader("Type").setAutoWidth(true);
        documents.addColumn(KnowledgeDocument::structure).setHeader("Read as").setAutoWidth(true);
        documents.addColumn(d -> d.language() == null ? "" : d.language().tag()).setHeader("Language").setAutoWidth(true);
        documents.addColumn(d -> d.passages()).setHeader("Passages").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        documents.addColumn(d -> d.statusDetail() == null ? d.status() : d.status() + ": " + d.statusDetail())
                .setHeader("Status").setFlexGrow(2).setTooltipGenerator(d -> Objects.requireNonNullElse(d.statusDetail(), ""));
        documents.addColumn(d -> WHEN.format(d.updatedAt())).setHeader("Updated").setAutoWidth(true);
        if (admin) {
            documents.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        }
        documents.setAllRowsVisible(true);
        documents.addThemeVariants(GridVariant.LUMO_COMPACT);
        documents.asSingleSelect().addValueChangeListener(e -> showPassages(e.getValue()));
        return section("Documents", documents);
    }

    private Component actions(KnowledgeDocument document) {
        Button reindex = new Button("Re-index", click -> {
            try {
                track(knowledge.reindex(actor, document.id()));
            } catch (DomainException e) {
                notify(e.getMessage(), true);
                refreshDocuments();
            }
        });
        reindex.setId("kb-reindex-" + document.id());
        reindex.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        Button delete = new Button("Delete", click -> confirmDelete(document));
        delete.setId("kb-delete-" + document.id());
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(reindex, delete);
    }

    private void confirmDelete(KnowledgeDocument document) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("kb-confirm-delete");
        dialog.setHeader("Delete \u201c" + document.title() + "\u201d?");
        dialog.setText("Its " + document.passages() + " passages leave the knowledge base at once: no answer will"
                + " quote them any more. The deletion is recorded in the audit log.");
        dialog.setCancelable(true);
        Button confirm = new Button("Delete", click -> {
            dialog.close();
            try {
                knowledge.delete(actor, document.id());
                notify("Deleted " + document.title(), false);
            } catch (DomainException e) {
                notify(e.getMessage(), true);
            }
            refreshDocuments();
        });
        confirm.setId("kb-confirm-delete-button");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.setConfirmButton(confirm);
        dialog.open();
    }

    private void refreshDocuments() {
        Scope scope = scope();
        List<KnowledgeDocument> visible = knowledge.documents(scope.propertyId() == null ? null : scope);
        KnowledgeDocument selected = documents.asSingleSelect().getValue();
        documents.setItems(visible);
        KnowledgeDocument reselect = visible.stream()
                .filter(d -> selected != null && d.id().equals(selected.id())).findFirst()
                .orElse(visible.isEmpty() ? null : visible.getFirst());
        documents.asSingleSelect().setValue(reselect);
        showPassages(reselect);
    }

    // --- passages ---

    private VerticalLayout passagesSection() {
        passages.setId("kb-entries");
        passages.addColumn(Passage::title).setHeader("Heading").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        // One line per passage so a long document stays scannable; a click shows the whole text.
        passages.addColumn(Passage::text).setHeader("Text").setFlexGrow(3).setTooltipGenerator(Passage::text);
        passages.addColumn(p -> p.unitId() == null ? "" : "unit " + p.unitId()).setHeader("Only for")
                .setAutoWidth(true).setFlexGrow(0);
        passages.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(passage -> {
            Div text = new Div(passage.text());
            text.getStyle().set("white-space", "pre-wrap");
            return text;
        }));
        passages.setHeight("32em");
        passagesTitle.getStyle().set("margin", "0");
        VerticalLayout section = new VerticalLayout(passagesTitle, passages);
        section.setPadding(false);
        section.setWidthFull();
        return section;
    }

    private void showPassages(KnowledgeDocument document) {
        if (document == null) {
            passagesTitle.setText("Passages");
            passages.setItems(List.of());
            return;
        }
        List<Passage> found = knowledge.passages(document.id());
        passagesTitle.setText("Passages of \u201c" + document.title() + "\u201d (" + found.size() + ")");
        passages.setItems(found);
    }

    // --- try a question ---

    private VerticalLayout search() {
        query.setId("kb-search");
        query.setPlaceholder("e.g. When is rent due?");
        query.setClearButtonVisible(true);
        query.setWidthFull();
        Button go = new Button("Search", click -> runSearch());
        go.setId("kb-search-button");
        go.addClickShortcut(Key.ENTER).listenOn(query);
        HorizontalLayout box = new HorizontalLayout(query, go);
        box.setWidthFull();
        box.setAlignItems(FlexComponent.Alignment.BASELINE);
        box.expand(query);
        searchScope.setId("kb-search-scope");
        searchScope.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        results.setId("kb-results");
        results.addColumn(Ranked::rank).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        results.addColumn(Ranked::title).setHeader("Passage").setFlexGrow(1);
        results.addColumn(Ranked::document).setHeader("Document").setFlexGrow(1);
        // Similarity decides whether Porter answers at all; the fused (RRF) score decides the order.
        results.addColumn(Ranked::formattedScore).setHeader("Similarity").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        results.addColumn(Ranked::formattedFused).setHeader("RRF").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        results.addColumn(Ranked::text).setHeader("Text").setFlexGrow(3);
        results.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        results.setHeight("28em");
        return section("What would a tenant's question find?", box, searchScope, results);
    }

    private void runSearch() {
        Scope scope = scope();
        List<ScoredPassage> found = knowledge.search(query.getValue(), scope.propertyId() == null ? null : scope,
                RESULTS);
        List<Ranked> ranked = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            ScoredPassage hit = found.get(i);
            Passage passage = hit.passage();
            ranked.add(new Ranked(i + 1, passage.title(), passage.documentTitle(), hit.score(), hit.fused(),
                    passage.text()));
        }
        results.setItems(ranked);
    }

    // --- helpers ---

    private static void notify(String message, boolean error) {
        Notification notification = Notification.show(message, error ? 8000 : 3000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    private static VerticalLayout section(String heading, Component... content) {
        H3 title = new H3(heading);
        title.getStyle().set("margin", "0");
        VerticalLayout section = new VerticalLayout(title);
        section.add(content);
        section.setPadding(false);
        section.setWidthFull();
        return section;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        scopeChanged();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stopPolling();
        super.onDetach(event);
    }
}
