package app.porter.console.vaadin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.vaadin.flow.component.Component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.admin.AdminServices;
import app.porter.tickets.Ticket;
import app.porter.tickets.TicketHistory;
import app.porter.tickets.Tickets;

/**
 * Maintenance tickets from the maintenance flow: newest first, each with its staff summary, who works on it and its
 * possible duplicates (other open tickets of the same unit and category, flagged in the list); the selected one can
 * be assigned, moved to a status with a note for its history (staff only: the tenant's widget hears the status), and
 * its conversation opened in the Inbox. The whole list downloads as CSV. Opening the list, a history and the export
 * decrypt what tenants or staff wrote, so each is audited.
 */
@Route(value = "tickets", layout = ConsoleLayout.class)
@PageTitle("Tickets · Porter")
public final class TicketsView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    private static final int LIMIT = 500;

    private final AdminServices services;
    private final Grid<Ticket> grid = new Grid<>();
    private final Pre summary = new Pre();
    private final Select<String> status = new Select<>();
    private final TextArea note = new TextArea("Note for the history (staff only)");
    private final TextField assignee = new TextField("Assign to (username)");
    private final Div history = new Div();
    private final Div conversation = new Div();
    /** Possible duplicates by reference, as of the last refresh. */
    private Map<String, List<String>> duplicates = Map.of();

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
        grid.addColumn(t -> t.assignee() == null ? "" : t.assignee()).setHeader("Assigned to").setAutoWidth(true);
        grid.addComponentColumn(this::duplicateFlag).setHeader("Possible duplicates").setAutoWidth(true);
        grid.setAllRowsVisible(false);
        grid.setHeight("420px");

        status.setLabel("Status");
        status.setItems(Tickets.STATUSES);
        status.setId("ticket-status");
        note.setId("ticket-note");
        note.setMaxLength(Tickets.MAX_NOTE);
        note.setWidth("28em");
        Button save = new Button("Set status", click -> selected().ifPresent(t -> {
            if (ConsoleRoles.run(who -> services.tickets().setStatus(who, t.reference(), status.getValue(),
                    note.getValue()))) {
                note.clear();
                ConsoleRoles.done(t.reference() + " is " + status.getValue());
            }
            refresh(t.reference());
        }));
        save.setId("ticket-status-save");
        assignee.setId("ticket-assignee");
        Button assign = new Button("Assign", click -> selected().ifPresent(t -> {
            if (ConsoleRoles.run(who -> services.tickets().assign(who, t.reference(), assignee.getValue()))) {
                ConsoleRoles.done(assignee.getValue().isBlank() ? t.reference() + " is unassigned"
                        : t.reference() + " is assigned to " + assignee.getValue().strip());
            }
            refresh(t.reference());
        }));
        assign.setId("ticket-assign");
        history.setId("ticket-history");
        conversation.setId("ticket-conversation");
        summary.setId("ticket-summary");
        summary.getStyle().set("white-space", "pre-wrap");
        grid.addSelectionListener(e -> show(e.getFirstSelectedItem().orElse(null)));

        Tickets tickets = services.tickets();
        // The download runs outside the UI's request: the actor is taken now, and the service audits the export then.
        Actor actor = ConsoleRoles.actor().orElseThrow();
        Anchor csv = new Anchor(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = tickets.exportCsv(actor, null).getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), "tickets.csv", "text/csv", bytes.length);
        }), "Download CSV");
        csv.setId("tickets-csv");

        HorizontalLayout actions = new HorizontalLayout(status, note, save, assignee, assign, csv);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        actions.getStyle().set("flex-wrap", "wrap");
        add(grid, actions, conversation, summary, new H3("History"), history);
        setSizeFull();
        refresh(null);
    }

    private Optional<Ticket> selected() {
        return grid.getSelectedItems().stream().findFirst();
    }

    private Component duplicateFlag(Ticket t) {
        List<String> others = duplicates.getOrDefault(t.reference(), List.of());
        Span flag = new Span(others.isEmpty() ? "" : "\u26a0 " + String.join(", ", others));
        if (!others.isEmpty()) {
            flag.getElement().setAttribute("data-duplicates", String.join(",", others));
            flag.getStyle().set("color", "var(--lumo-error-text-color)");
        }
        return flag;
    }

    /** Shows the selected ticket: summary, its link to the conversation, and its history (an audited read). */
    private void show(Ticket t) {
        history.removeAll();
        conversation.removeAll();
        summary.setText("");
        if (t == null) {
            return;
        }
        summary.setText(t.details().staffSummary() == null ? "" : t.details().staffSummary());
        status.setValue(t.status());
        assignee.setValue(t.assignee() == null ? "" : t.assignee());
        if (t.conversationId() != null) {
            // The Inbox opens the conversation when it is escalated there; the id also finds it in Privacy.
            RouterLink link = new RouterLink("Open the conversation in the Inbox", InboxView.class);
            link.setQueryParameters(QueryParameters.of(InboxView.CONVERSATION, t.conversationId()));
            link.setId("ticket-conversation-link");
            conversation.add(link);
        } else {
            conversation.add(new Span("The tenant's conversation was erased."));
        }
        ConsoleRoles.attempt(who -> services.tickets().history(who, t.reference())).ifPresent(steps -> {
            for (TicketHistory h : steps) {
                String what = h.kind().equals("assigned")
                        ? (h.assignee() == null ? "unassigned" : "assigned to " + h.assignee())
                        : "status " + h.status();
                Div line = new Div(new Span(WHEN.format(h.at()) + " · " + h.who() + " · " + what
                        + (h.note() == null ? "" : ": " + h.note())));
                line.getStyle().set("white-space", "pre-wrap");
                history.add(line);
            }
        });
    }

    /** Every refresh decrypts the list again, so the service audits each one; {@code reselect} stays selected. */
    private void refresh(String reselect) {
        ConsoleRoles.attempt(who -> services.tickets().possibleDuplicates(who)).ifPresent(d -> duplicates = d);
        ConsoleRoles.attempt(who -> services.tickets().list(who, null, LIMIT)).ifPresent(list -> {
            grid.setItems(list);
            list.stream().filter(t -> t.reference().equals(reselect)).findFirst().ifPresent(grid::select);
        });
    }
}
