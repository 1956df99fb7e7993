package app.porter.console.vaadin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.console.ConsoleContext;
import app.porter.knowledge.KnowledgeDocument;
import app.porter.knowledge.Passage;
import app.porter.knowledge.ScoredPassage;
import app.porter.portfolio.Property;

/**
 * The knowledge base of the demo property: its documents, their entries (the passages answers are quoted from),
 * and a search box to see which entries a tenant's question would find, with their similarity scores.
 */
@Route(value = "knowledge", layout = ConsoleLayout.class)
@PageTitle("Knowledge base · Porter")
public final class KnowledgeView extends VerticalLayout {

    static final int RESULTS = 5;

    /** One search result as shown: its rank (1 = best). */
    record Ranked(int rank, String title, float score, String text) {
        String formattedScore() {
            return String.format(Locale.ROOT, "%.3f", score);
        }
    }

    private final ConsoleContext services;
    private final String propertyId;
    private final TextField query = new TextField("Try a question");
    private final Grid<Ranked> results = new Grid<>();

    public KnowledgeView() {
        services = ConsoleServices.current();
        propertyId = services.demoPropertyId();
        String propertyName = services.portfolio().find(propertyId).map(Property::name).orElse(propertyId);

        H2 title = new H2("Knowledge base · " + propertyName);
        title.getStyle().set("margin", "0");
        Span conversations = new Span("Conversations: " + services.conversations().count());
        conversations.setId("conversation-count");
        conversations.getElement().getThemeList().add("badge");
        HorizontalLayout header = new HorizontalLayout(title, conversations);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.expand(title);

        List<KnowledgeDocument> documents = services.knowledge().documents(propertyId);
        HorizontalLayout body = new HorizontalLayout(entries(documents), search());
        body.setWidthFull();
        body.setFlexGrow(1, body.getComponentAt(0), body.getComponentAt(1));

        add(header, documents(documents), body);
        setWidthFull();
    }

    private VerticalLayout documents(List<KnowledgeDocument> documents) {
        Grid<KnowledgeDocument> grid = new Grid<>();
        grid.setId("kb-documents");
        grid.addColumn(KnowledgeDocument::title).setHeader("Document").setFlexGrow(3);
        grid.addColumn(d -> d.propertyId() == null ? "All properties" : d.propertyId()).setHeader("Scope");
        grid.addColumn(KnowledgeDocument::contentType).setHeader("Type");
        grid.addColumn(KnowledgeDocument::passages).setHeader("Entries").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(KnowledgeDocument::status).setHeader("Status");
        grid.setItems(documents);
        grid.setAllRowsVisible(true);
        return section("Documents", grid);
    }

    private VerticalLayout entries(List<KnowledgeDocument> documents) {
        List<Passage> passages = new ArrayList<>();
        for (KnowledgeDocument document : documents) {
            services.knowledge().passages(document.id()).ifPresent(passages::addAll);
        }
        Grid<Passage> grid = new Grid<>();
        grid.setId("kb-entries");
        grid.addColumn(Passage::title).setHeader("Entry").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        // One line per entry so a long handbook stays scannable; a click shows the whole text.
        grid.addColumn(Passage::text).setHeader("Text").setFlexGrow(3).setTooltipGenerator(Passage::text);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(passage -> {
            Paragraph text = new Paragraph(passage.text());
            text.getStyle().set("margin", "0").set("white-space", "normal");
            return text;
        }));
        grid.setItems(passages);
        grid.setHeight("32em");
        return section("Entries (" + passages.size() + ")", grid);
    }

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

        results.setId("kb-results");
        results.addColumn(Ranked::rank).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        results.addColumn(Ranked::title).setHeader("Entry").setFlexGrow(1);
        results.addColumn(Ranked::formattedScore).setHeader("Score").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        results.addColumn(Ranked::text).setHeader("Text").setFlexGrow(3);
        results.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        results.setHeight("28em");
        return section("What would a tenant's question find?", box, results);
    }

    private void runSearch() {
        List<ScoredPassage> found = services.knowledge().search(query.getValue(), propertyId, RESULTS);
        List<Ranked> ranked = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Passage passage = found.get(i).passage();
            ranked.add(new Ranked(i + 1, passage.title(), found.get(i).score(), passage.text()));
        }
        results.setItems(ranked);
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
}
