package app.porter.console.vaadin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;

import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Passage;
import app.porter.knowledge.Scope;
import app.porter.knowledge.ScoredPassage;

/**
 * "What would a tenant's question find?": runs a question through the same search the answerers use, within the
 * selected scope, and shows the ranked passages with both scores: the similarity that decides whether Porter
 * answers at all, and the fused (RRF) score that decides the order.
 */
final class KnowledgeQuestionPanel extends Composite<VerticalLayout> {

    static final int RESULTS = 5;

    /** One search result as shown: its rank (1 = best). */
    record Ranked(int rank, String title, String document, float score, float fused, String text) {
        String formattedScore() {
            return String.format(Locale.ROOT, "%.3f", score);
        }

        String formattedFused() {
            return String.format(Locale.ROOT, "%.4f", fused);
        }
    }

    private final KnowledgeLibrary knowledge;
    private final TextField query = new TextField("Try a question");
    private final Span searchScope = new Span();
    private final Grid<Ranked> results = new Grid<>();
    private final VerticalLayout section;
    /** The scope searched; the portfolio searches every document of every scope. */
    private Scope scope = Scope.PORTFOLIO;

    KnowledgeQuestionPanel(KnowledgeLibrary knowledge) {
        this.knowledge = knowledge;
        query.setId("kb-search");
        query.setPlaceholder("e.g. When is rent due?");
        query.setClearButtonVisible(true);
        query.setWidthFull();
        Button go = new Button("Search", click -> search());
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
        section = KnowledgeParts.section("What would a tenant's question find?", box, searchScope, results);
    }

    @Override
    protected VerticalLayout initContent() {
        return section;
    }

    /** Searches as a tenant of {@code scope} would from now on (every scope for the portfolio); clears the results. */
    void setScope(Scope scope) {
        this.scope = scope;
        searchScope.setText(scope.propertyId() == null ? "Searching every document of every scope."
                : "Searching as a tenant of " + scope.label() + " would.");
        results.setItems(List.of());
    }

    private void search() {
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
}
