package app.porter.console.vaadin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;

import app.porter.knowledge.KnowledgeDocument;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Passage;

/**
 * The passages of the selected document as indexed, in document order: the chunk preview, showing what an answer
 * can quote and which unit a passage is only for. A passage that asks for passwords, bank logins, card numbers or a
 * payment to a new account is marked "Held for review" (no answer quotes it) until an admin approves it here.
 */
final class KnowledgePassagesPanel extends Composite<VerticalLayout> {

    private final KnowledgeLibrary knowledge;
    private final Grid<Passage> passages = new Grid<>();
    private final H3 title = new H3();
    private final VerticalLayout section;
    private final boolean admin;
    private KnowledgeDocument shown;
    private Map<String, KnowledgeLibrary.FlaggedPassage> flagged = Map.of();

    KnowledgePassagesPanel(KnowledgeLibrary knowledge, boolean admin) {
        this.knowledge = knowledge;
        this.admin = admin;
        passages.setId("kb-entries");
        passages.addColumn(Passage::title).setHeader("Heading").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        // One line per passage so a long document stays scannable; a click shows the whole text.
        passages.addColumn(Passage::text).setHeader("Text").setFlexGrow(3).setTooltipGenerator(Passage::text);
        passages.addColumn(p -> p.unitId() == null ? "" : "unit " + p.unitId()).setHeader("Only for")
                .setAutoWidth(true).setFlexGrow(0);
        passages.addComponentColumn(this::review).setHeader("Review").setAutoWidth(true).setFlexGrow(0);
        passages.setItemDetailsRenderer(new ComponentRenderer<>(passage -> {
            Div text = new Div(passage.text());
            text.getStyle().set("white-space", "pre-wrap");
            return text;
        }));
        passages.setHeight("32em");
        title.getStyle().set("margin", "0");
        section = new VerticalLayout(title, passages);
        section.setPadding(false);
        section.setWidthFull();
    }

    @Override
    protected VerticalLayout initContent() {
        return section;
    }

    /** Held (with the reason, and an Approve button for admins), approved, or nothing to review. */
    private Component review(Passage passage) {
        KnowledgeLibrary.FlaggedPassage flag = flagged.get(passage.id());
        if (flag == null) {
            return new Span();
        }
        Span state = new Span(flag.held() ? "Held for review: " + flag.reason() : "Approved by " + flag.approvedBy());
        state.getElement().getThemeList().add(flag.held() ? "badge error" : "badge success");
        state.setId("kb-review-" + passage.id().substring(passage.id().indexOf('#') + 1));
        if (!flag.held() || !admin) {
            return state;
        }
        Button approve = new Button("Approve", click -> {
            String slug = passage.id().substring(passage.id().indexOf('#') + 1);
            if (ConsoleRoles.run(actor -> knowledge.approve(actor, passage.documentId(), slug))) {
                ConsoleRoles.done("Approved: answers may quote \u201c" + passage.title() + "\u201d");
                show(shown);
            }
        });
        approve.setId("kb-approve-" + passage.id().substring(passage.id().indexOf('#') + 1));
        approve.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(state, approve);
    }

    /** Shows {@code document}'s passages; none when it is null. */
    void show(KnowledgeDocument document) {
        shown = document;
        flagged = document == null ? Map.of() : knowledge.flagged(document.id()).stream()
                .collect(Collectors.toMap(KnowledgeLibrary.FlaggedPassage::passageId, Function.identity()));
        if (document == null) {
            title.setText("Passages");
            passages.setItems(List.of());
            return;
        }
        List<Passage> found = knowledge.passages(document.id());
        title.setText("Passages of \u201c" + document.title() + "\u201d (" + found.size() + ")");
        passages.setItems(found);
    }
}
