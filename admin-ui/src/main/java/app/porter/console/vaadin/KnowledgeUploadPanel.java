package app.porter.console.vaadin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;

import app.porter.access.Actor;
import app.porter.errors.DomainException;
import app.porter.knowledge.IngestionJob;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Scope;
import app.porter.knowledge.SourceFormat;
import app.porter.language.Language;

/**
 * "Add documents": the drop zone (several files at once), the language new files are marked as, and "Re-index
 * all". Shown to admins only. Each accepted file's ingestion job is handed to the view to follow; a refused file
 * gets its reason in a notification.
 *
 * <p>The upload handler runs on the upload request's thread, outside the UI lock, so the scope and the language it
 * reads are kept in volatile fields here rather than read from components, and it touches components only inside
 * {@link UI#access}.
 */
final class KnowledgeUploadPanel extends Composite<VerticalLayout> {

    /** What the file picker offers: every extension the knowledge service reads. */
    private static final String[] ACCEPTED = Arrays.stream(SourceFormat.values())
            .flatMap(f -> f.extensions().stream()).map(e -> "." + e).toArray(String[]::new);

    private final KnowledgeLibrary knowledge;
    private final Actor actor;
    private final Consumer<IngestionJob> track;
    private final VerticalLayout section;
    /** The scope uploads go to; read by the upload handler, which runs outside the UI lock. */
    private volatile Scope uploadScope = Scope.PORTFOLIO;
    /** The language new uploads are marked as; "" for the firm's default. Read on the upload request's thread. */
    private volatile String uploadLanguage = "";

    /** @param track follows a job this panel started (an upload or a re-index) */
    KnowledgeUploadPanel(KnowledgeLibrary knowledge, Actor actor, Consumer<IngestionJob> track) {
        this.knowledge = knowledge;
        this.actor = actor;
        this.track = track;
        this.section = build();
    }

    @Override
    protected VerticalLayout initContent() {
        return section;
    }

    /** Where the next uploads go: the scope the view has selected. */
    void setScope(Scope scope) {
        uploadScope = scope;
    }

    private VerticalLayout build() {
        UI ui = UI.getCurrent();
        Upload upload = new Upload(UploadHandler.inMemory((metadata, bytes) -> {
            // Runs on the upload request, outside the UI lock: parse and queue here, touch components in access().
            Scope target = uploadScope;
            try {
                KnowledgeLibrary.Accepted accepted = knowledge.upload(actor,
                        new KnowledgeLibrary.Upload(metadata.fileName(), metadata.contentType(), bytes, target,
                                Language.require(uploadLanguage)));
                ui.access(() -> {
                    track.accept(accepted.job());
                    KnowledgeParts.notify((accepted.replaced() ? "Updating " : "Adding ")
                            + accepted.document().filename() + " (" + accepted.document().scope().label() + ")", false);
                });
            } catch (DomainException e) {
                ui.access(() -> KnowledgeParts.notify(metadata.fileName() + " was not added: " + e.getMessage(), true));
            }
        }));
        upload.setId("kb-upload");
        upload.setAcceptedFileExtensions(ACCEPTED);
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, knowledge.settings().maxDocumentBytes()));
        upload.setDropAllowed(true);
        upload.addFileRejectedListener(e -> KnowledgeParts.notify(e.getFileName() + " was not added: "
                + e.getErrorMessage(), true));
        upload.setWidthFull();

        Span accepts = new Span("PDF, Word (.docx), HTML, Markdown, text, CSV (FAQ, maintenance records, tables) and"
                + " JSON (property details), up to " + knowledge.settings().maxDocumentBytes() / (1024 * 1024)
                + " MB each. A file with the same name in the same scope replaces that document.");
        accepts.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Button reindexAll = new Button("Re-index all", click -> {
            try {
                knowledge.reindexAll(actor).forEach(track);
            } catch (DomainException e) {
                KnowledgeParts.notify(e.getMessage(), true);
            }
        });
        reindexAll.setId("kb-reindex-all");
        reindexAll.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        // Per-language versions of an entry: one file per language; tenants speaking it are given it first.
        Select<String> language = new Select<>();
        language.setId("kb-upload-language");
        language.setLabel("Language of new files");
        List<String> languages = new ArrayList<>(List.of(""));
        languages.addAll(Language.tags());
        language.setItems(languages);
        language.setItemLabelGenerator(tag -> tag.isEmpty() ? "Firm's default"
                : Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH));
        language.setValue("");
        language.addValueChangeListener(e -> uploadLanguage = e.getValue() == null ? "" : e.getValue());
        HorizontalLayout row = new HorizontalLayout(accepts, language, reindexAll);
        row.setWidthFull();
        row.expand(accepts);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        return KnowledgeParts.section("Add documents", upload, row);
    }
}
