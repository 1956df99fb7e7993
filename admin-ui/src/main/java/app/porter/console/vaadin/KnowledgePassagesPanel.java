package app.porter.console.vaadin;

import java.util.List;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;

import app.porter.knowledge.KnowledgeDocument;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Passage;

/**
 * The passages of the selected document as indexed, in document order: the chunk preview, showing what an answer
 * can quote and which unit a passage is only for.
 */
final class KnowledgePassagesPanel extends Composite<VerticalLayout> {

    private final KnowledgeLibrary knowledge;
    private final Grid<Passage> passages = new Grid<>();
    private final H3 title = new H3();
    private final VerticalLayout section;

    KnowledgePassagesPanel(KnowledgeLibrary knowledge) {
        this.knowledge = knowledge;
        passages.setId("kb-entries");
        passages.addColumn(Passage::title).setHeader("Heading").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        // One line per passage so a long document stays scannable; a click shows the whole text.
        passages.addColumn(Passage::text).setHeader("Text").setFlexGrow(3).setTooltipGenerator(Passage::text);
        passages.addColumn(p -> p.unitId() == null ? "" : "unit " + p.unitId()).setHeader("Only for")
                .setAutoWidth(true).setFlexGrow(0);
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

    /** Shows {@code document}'s passages; none when it is null. */
    void show(KnowledgeDocument document) {
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
