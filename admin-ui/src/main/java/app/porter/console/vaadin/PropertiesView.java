package app.porter.console.vaadin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.admin.AdminServices;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;
import app.porter.properties.PropertySetup;

/**
 * The portfolio: properties (add, rename, list, flagged when they have no emergency line) and, for the one opened
 * ({@code properties/<id>}), its units (add, rename) and its settings. Changes need the admin role; the services
 * check it and audit, as for the admin API.
 */
@Route(value = "properties", layout = ConsoleLayout.class)
@PageTitle("Properties · Porter")
public final class PropertiesView extends VerticalLayout implements HasUrlParameter<String> {

    private final AdminServices services;
    private final PropertySetup setup;
    private final Grid<Property> properties = new Grid<>();
    private final VerticalLayout opened = new VerticalLayout();

    public PropertiesView() {
        if (ConsoleSession.principal().isEmpty()) {
            services = null;
            setup = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        setup = services.properties();
        H2 title = new H2("Properties");
        title.getStyle().set("margin", "0");
        properties.setId("properties-grid");
        properties.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        properties.addColumn(new ComponentRenderer<>(p -> new Anchor("properties/" + p.id(), p.name())))
                .setHeader("Property").setFlexGrow(2);
        properties.addColumn(Property::id).setHeader("Id").setAutoWidth(true);
        properties.addColumn(p -> services.portfolio().units(p.id()).size()).setHeader("Units").setAutoWidth(true);
        properties.addColumn(p -> setup.emergencyLineMissing(p.id()) ? "No emergency line" : "")
                .setHeader("Warnings").setAutoWidth(true);
        properties.setHeight("240px");

        TextField id = new TextField("New property id");
        id.setId("property-new-id");
        TextField name = new TextField("Name");
        name.setId("property-new-name");
        Button add = new Button("Add property", click -> ConsoleRoles.attempt(who -> services.portfolio().create(who,
                new Property(id.getValue().strip(), name.getValue().strip()))).ifPresent(p -> {
                    ConsoleRoles.done("Added " + p.name());
                    getUI().ifPresent(ui -> ui.navigate("properties/" + p.id()));
                }));
        add.setId("property-add");
        HorizontalLayout form = new HorizontalLayout(id, name, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        opened.setPadding(false);
        add(title, properties, form, opened);
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String propertyId) {
        if (setup == null) {
            return;
        }
        properties.setItems(services.portfolio().list());
        opened.removeAll();
        if (propertyId == null) {
            return;
        }
        services.portfolio().find(propertyId).ifPresentOrElse(this::open,
                () -> ConsoleRoles.error("No such property: " + propertyId));
    }

    private void open(Property property) {
        H3 heading = new H3(property.name() + " (" + property.id() + ")");
        heading.setId("property-heading");
        TextField rename = new TextField("Name");
        rename.setId("property-rename-name");
        rename.setValue(property.name());
        Button renameButton = new Button("Rename", click -> ConsoleRoles.attempt(who -> setup.rename(who,
                property.id(), rename.getValue().strip())).ifPresent(p -> {
                    heading.setText(p.name() + " (" + p.id() + ")");
                    properties.setItems(services.portfolio().list());
                    ConsoleRoles.done("Renamed to " + p.name());
                }));
        renameButton.setId("property-rename");
        HorizontalLayout renaming = new HorizontalLayout(rename, renameButton);
        renaming.setAlignItems(FlexComponent.Alignment.BASELINE);
        opened.add(heading, renaming, units(property), new H3("Settings"),
                new PropertySettingsForm(setup, property.id(), s -> properties.setItems(services.portfolio().list())));
    }

    private VerticalLayout units(Property property) {
        Grid<Unit> grid = new Grid<>();
        grid.setId("units-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(Unit::id).setHeader("Unit").setAutoWidth(true);
        grid.addColumn(u -> u.name() == null ? "" : u.name()).setHeader("Name").setFlexGrow(2);
        grid.setHeight("180px");
        grid.setItems(services.portfolio().units(property.id()));
        TextField unitId = new TextField("Unit id");
        unitId.setId("unit-id");
        TextField unitName = new TextField("Unit name (optional)");
        unitName.setId("unit-name");
        Button add = new Button("Add unit", click -> ConsoleRoles.attempt(who -> services.portfolio().addUnit(who,
                new Unit(property.id(), unitId.getValue().strip(), blankToNull(unitName.getValue()))))
                .ifPresent(u -> grid.setItems(services.portfolio().units(property.id()))));
        add.setId("unit-add");
        Button rename = new Button("Rename unit", click -> ConsoleRoles.attempt(who -> setup.renameUnit(who,
                property.id(), unitId.getValue().strip(), blankToNull(unitName.getValue())))
                .ifPresent(u -> grid.setItems(services.portfolio().units(property.id()))));
        rename.setId("unit-rename");
        HorizontalLayout form = new HorizontalLayout(unitId, unitName, add, rename);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        Span hint = new Span("To rename a unit, enter its id and the new name.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)");
        VerticalLayout layout = new VerticalLayout(new H3("Units"), grid, form, hint);
        layout.setPadding(false);
        return layout;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
