package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import app.porter.access.Actor;
import app.porter.errors.DomainException;
import app.porter.knowledge.IngestionJob;
import app.porter.knowledge.KnowledgeDocument;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Scope;

/**
 * "Documents": the documents a tenant in the selected scope draws on, with their type, language, passages and
 * indexing status; for admins, "Re-index" and "Delete" (after a confirmation) on each row. Selecting a row shows
 * its passages; a refresh keeps the selection when the document is still listed, else selects the first.
 */
final class KnowledgeDocumentsPanel extends Composite<VerticalLayout> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final KnowledgeLibrary knowledge;
    private final Actor actor;
    private final Consumer<IngestionJob> track;
    private final Consumer<KnowledgeDocument> selected;
    private final Grid<KnowledgeDocument> documents = new Grid<>();
    private final VerticalLayout section;
    /** The scope listed; the portfolio lists every document of every scope. */
    private Scope scope = Scope.PORTFOLIO;

    /**
     * @param admin whether to offer the row actions (the library checks the role again on every change)
     * @param track follows a re-index job started from a row
     * @param selected shown the selected document, or null when none is
     */
    KnowledgeDocumentsPanel(KnowledgeLibrary knowledge, Actor actor, boolean admin, Consumer<IngestionJob> track,
                            Consumer<KnowledgeDocument> selected) {
        this.knowledge = knowledge;
        this.actor = actor;
        this.track = track;
        this.selected = selected;
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
        documents.asSingleSelect().addValueChangeListener(e -> selected.accept(e.getValue()));
        section = KnowledgeParts.section("Documents", documents);
    }

    @Override
    protected VerticalLayout initContent() {
        return section;
    }

    /** Lists what a tenant in {@code scope} draws on (every document for the portfolio). */
    void show(Scope scope) {
        this.scope = scope;
        refresh();
    }

    /** Reads the list again (after an upload, a deletion, a job's progress), keeping the selection where it can. */
    void refresh() {
        List<KnowledgeDocument> visible = knowledge.documents(scope.propertyId() == null ? null : scope);
        KnowledgeDocument current = documents.asSingleSelect().getValue();
        documents.setItems(visible);
        KnowledgeDocument reselect = visible.stream()
                .filter(d -> current != null && d.id().equals(current.id())).findFirst()
                .orElse(visible.isEmpty() ? null : visible.getFirst());
        documents.asSingleSelect().setValue(reselect);
        selected.accept(reselect);
    }

    private Component actions(KnowledgeDocument document) {
        Button reindex = new Button("Re-index", click -> {
            try {
                track.accept(knowledge.reindex(actor, document.id()));
            } catch (DomainException e) {
                KnowledgeParts.notify(e.getMessage(), true);
                refresh();
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
                KnowledgeParts.notify("Deleted " + document.title(), false);
            } catch (DomainException e) {
                KnowledgeParts.notify(e.getMessage(), true);
            }
            refresh();
        });
        confirm.setId("kb-confirm-delete-button");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.setConfirmButton(confirm);
        dialog.open();
    }
}
