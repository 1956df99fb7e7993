package app.porter.console.vaadin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.console.ConsoleContext;
import app.porter.tickets.Ticket;
import app.porter.tickets.Tickets;

/**
 * Maintenance tickets from the maintenance flow: newest first, each with its staff summary, a status to set, and
 * the whole list as CSV. Opening the list and exporting it decrypt what tenants typed, so both are audited.
 */
@Route(value = "tickets", layout = ConsoleLayout.class)
@PageTitle("Tickets · Porter")
public final class TicketsView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    private static final int LIMIT = 500;

    private final ConsoleContext services;
    private final Grid<Ticket> grid = new Grid<>();
    private final Pre summary = new Pre();
    private final Select<String> status = new Select<>();

    public TicketsView() {
        AdminPrincipal principal = ConsoleSession.principal().orElse(null);
        if (principal == null) {
            services = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        H2 title = new H2("Maintenance tickets");
        title.getStyle().set("margin", "0");
        add(title);
        if (principal.role() == Role.AUDITOR) {
            add(new Paragraph("Tickets hold what tenants wrote; they need the admin or agent role."));
            return;
        }

        grid.setId("tickets");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(Ticket::reference).setHeader("Reference").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(t -> WHEN.format(t.createdAt())).setHeader("Received").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Ticket::category).setHeader("Category").setAutoWidth(true);
        grid.addColumn(Ticket::urgency).setHeader("Urgency").setAutoWidth(true);
        grid.addColumn(t -> t.details().unit()).setHeader("Apartment").setAutoWidth(true);
        grid.addColumn(t -> t.details().description()).setHeader("What happened").setFlexGrow(3);
        grid.addColumn(Ticket::status).setHeader("Status").setAutoWidth(true);
        grid.setAllRowsVisible(false);
        grid.setHeight("420px");

        status.setLabel("Status");
        status.setItems(Tickets.STATUSES);
        status.setId("ticket-status");
        Button save = new Button("Set status", click -> grid.getSelectedItems().stream().findFirst().ifPresent(t -> {
            ConsoleRoles.run(who -> services.tickets().setStatus(who, t.reference(), status.getValue()));
            refresh();
        }));
        save.setId("ticket-status-save");
        summary.setId("ticket-summary");
        summary.getStyle().set("white-space", "pre-wrap");
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(t -> {
            summary.setText(t.details().staffSummary() == null ? "" : t.details().staffSummary());
            status.setValue(t.status());
        }));

        Tickets tickets = services.tickets();
        // The download runs outside the UI's request: the actor is taken now, and the service audits the export then.
        Actor actor = ConsoleRoles.actor().orElseThrow();
        Anchor csv = new Anchor(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = tickets.exportCsv(actor, null).getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), "tickets.csv", "text/csv", bytes.length);
        }), "Download CSV");
        csv.setId("tickets-csv");

        HorizontalLayout actions = new HorizontalLayout(status, save, csv);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(grid, actions, summary);
        setSizeFull();
        refresh();
    }

    /** Every refresh decrypts the list again, so the service audits each one. */
    private void refresh() {
        ConsoleRoles.attempt(who -> services.tickets().list(who, null, LIMIT)).ifPresent(grid::setItems);
    }
}
