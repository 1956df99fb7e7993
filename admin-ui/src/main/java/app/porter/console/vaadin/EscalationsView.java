package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.admin.AdminServices;
import app.porter.escalation.Escalation;

/**
 * Conversations handed to staff: emergencies (with what was recognised), tenants asking for a person, flows that
 * escalate. On-call staff acknowledge and resolve them here; each change is audited.
 */
@Route(value = "escalations", layout = ConsoleLayout.class)
@PageTitle("Escalations · Porter")
public final class EscalationsView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final AdminServices services;
    private final Grid<Escalation> grid = new Grid<>();

    public EscalationsView() {
        AdminPrincipal principal = ConsoleSession.principal().orElse(null);
        if (principal == null) {
            services = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        H2 title = new H2("Escalations");
        title.getStyle().set("margin", "0");

        grid.setId("escalations");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(e -> WHEN.format(e.createdAt())).setHeader("Raised").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Escalation::reason).setHeader("Reason").setAutoWidth(true);
        grid.addColumn(e -> e.kind() == null ? "" : e.kind()).setHeader("What").setAutoWidth(true);
        grid.addColumn(Escalation::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(Escalation::propertyId).setHeader("Property").setAutoWidth(true);
        grid.addColumn(Escalation::conversationId).setHeader("Conversation").setFlexGrow(2);
        grid.setHeight("420px");

        Button acknowledge = new Button("Acknowledge", click -> setStatus("acknowledged"));
        acknowledge.setId("escalation-acknowledge");
        Button resolve = new Button("Resolve", click -> setStatus("resolved"));
        resolve.setId("escalation-resolve");

        add(title, grid);
        if (principal.role() != Role.AUDITOR) { // only offered to those the service lets act on escalations
            add(new HorizontalLayout(acknowledge, resolve));
        }
        setSizeFull();
        refresh();
    }

    private void setStatus(String status) {
        grid.getSelectedItems().stream().findFirst().ifPresent(e -> {
            ConsoleRoles.run(who -> services.escalations().setStatus(who, e.id(), status));
            refresh();
        });
    }

    private void refresh() {
        ConsoleRoles.attempt(who -> services.escalations().list(who, null, 500)).ifPresent(grid::setItems);
    }
}
