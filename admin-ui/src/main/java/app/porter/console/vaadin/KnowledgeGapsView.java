package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.admin.AdminServices;
import app.porter.gaps.Gap;
import app.porter.gaps.GapCluster;
import app.porter.portfolio.Property;

/**
 * Knowledge gaps: what Porter could not answer at a property ("I don't know", a barely matching passage, a
 * thumbs-down), grouped by meaning, newest first, with counts and redacted examples. From a group, "Draft an entry"
 * opens a prefilled knowledge-base entry to publish (the group closes), or "Close" dismisses it. Reading the
 * examples is audited as a staff read, like the API's.
 */
@Route(value = "knowledge-gaps", layout = ConsoleLayout.class)
@PageTitle("Knowledge gaps · Porter")
public final class KnowledgeGapsView extends VerticalLayout {

    private static final int EXAMPLES = 3;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final AdminServices services;
    private final ComboBox<Property> property = new ComboBox<>("Property");
    private final VerticalLayout groups = new VerticalLayout();

    public KnowledgeGapsView() {
        if (ConsoleSession.principal().isEmpty()) {
            services = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        H2 title = new H2("Knowledge gaps");
        title.getStyle().set("margin", "0");
        property.setId("gaps-property");
        property.setItems(services.portfolio().list());
        property.setItemLabelGenerator(Property::name);
        property.setValue(services.portfolio().find(services.demoPropertyId()).orElse(null));
        property.addValueChangeListener(e -> refresh());
        Button refresh = new Button("Refresh", click -> refresh());
        refresh.setId("gaps-refresh");
        HorizontalLayout bar = new HorizontalLayout(property, refresh);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        groups.setId("gaps-groups");
        groups.setPadding(false);
        add(title, new Span("Questions Porter could not answer, answered from a barely matching passage, or whose"
                + " answer a tenant rated down, grouped by meaning. Examples are redacted."), bar, groups);
        setWidthFull();
        refresh();
    }

    private void refresh() {
        groups.removeAll();
        Property selected = property.getValue();
        if (selected == null) {
            return;
        }
        ConsoleRoles.attempt(who -> services.gaps().clusters(who, selected.id())).ifPresent(this::show);
    }

    private void show(List<GapCluster> clusters) {
        if (clusters.isEmpty()) {
            Span none = new Span("No open gaps: Porter answered everything it was asked here.");
            none.setId("gaps-none");
            groups.add(none);
        }
        for (GapCluster cluster : clusters) {
            Div card = new Div();
            card.addClassName("gap-group");
            card.getElement().setAttribute("data-gap", cluster.id());
            card.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "8px")
                    .set("padding", "8px 12px").set("width", "100%").set("box-sizing", "border-box");
            String reasons = cluster.reasons().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            Span summary = new Span(cluster.count() + (cluster.count() == 1 ? " question" : " questions") + " · "
                    + reasons + " · last asked " + WHEN.format(cluster.lastSeen()));
            summary.getStyle().set("font-weight", "600");
            Div examples = new Div();
            examples.addClassName("gap-examples");
            for (Gap gap : cluster.examples(EXAMPLES)) {
                Div example = new Div(new Span("\u201c" + gap.example() + "\u201d"));
                example.addClassName("gap-example");
                examples.add(example);
            }
            Button draft = new Button("Draft an entry", click -> ConsoleRoles.attempt(who -> services.corrections()
                    .fromGap(who, cluster.id())).ifPresent(d -> new CorrectionDialog(d, this::refresh).open()));
            draft.addClassName("gap-draft");
            draft.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
            Button close = new Button("Close", click -> {
                if (ConsoleRoles.attempt(who -> services.gaps().close(who, cluster.id())).isPresent()) {
                    ConsoleRoles.done("Closed");
                    refresh();
                }
            });
            close.addClassName("gap-close");
            close.addThemeVariants(ButtonVariant.LUMO_SMALL);
            card.add(summary, examples, new HorizontalLayout(draft, close));
            groups.add(card);
        }
    }
}
