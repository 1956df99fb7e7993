package app.porter.console.vaadin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.audit.AuditEntry;
import app.porter.audit.AuditLog;

/**
 * The audit log: who did what, when, filtered by time, actor and action, and a button that verifies the whole
 * hash chain and its signed checkpoints (the same check as {@code GET /api/admin/v1/audit/verify}).
 */
@Route(value = "audit", layout = ConsoleLayout.class)
@PageTitle("Audit log · Porter")
public final class AuditView extends VerticalLayout {

    static final int ROWS = 500;

    private final AuditLog audit = ConsoleServices.current().privacy().audit();
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To (inclusive)");
    private final TextField actor = new TextField("Who");
    private final TextField action = new TextField("What (action prefix)");
    private final Grid<AuditEntry> entries = new Grid<>();
    private final Span verified = new Span();

    public AuditView() {
        H2 title = new H2("Audit log");
        title.getStyle().set("margin", "0");

        from.setId("audit-from");
        to.setId("audit-to");
        actor.setId("audit-actor");
        action.setId("audit-action");
        action.setPlaceholder("e.g. dsr. or retention.");
        Button search = new Button("Filter", click -> search());
        search.setId("audit-search");
        HorizontalLayout filters = new HorizontalLayout(from, to, actor, action, search);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);

        Button verify = new Button("Verify chain", click -> verify());
        verify.setId("audit-verify");
        verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        verified.setId("audit-verify-result");
        HorizontalLayout check = new HorizontalLayout(verify, verified);
        check.setAlignItems(FlexComponent.Alignment.CENTER);

        entries.setId("audit-entries");
        entries.addColumn(AuditEntry::seq).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        entries.addColumn(e -> e.at().toString()).setHeader("When (UTC)").setAutoWidth(true).setFlexGrow(0);
        entries.addColumn(AuditEntry::actor).setHeader("Who").setAutoWidth(true);
        entries.addColumn(AuditEntry::action).setHeader("What").setAutoWidth(true);
        entries.addColumn(AuditEntry::target).setHeader("Object").setFlexGrow(2);
        entries.addColumn(e -> e.detail() == null ? "" : e.detail()).setHeader("Reason / change").setFlexGrow(3);
        entries.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        entries.setHeight("36em");

        add(title, check, filters, entries);
        setWidthFull();
        search();
    }

    private void search() {
        Instant start = from.getValue() == null ? null : day(from.getValue());
        Instant end = to.getValue() == null ? null : day(to.getValue().plusDays(1));
        ConsoleRoles.attempt(who -> audit.query(who, new AuditLog.Query(start, end, actor.getValue(),
                action.getValue(), ROWS))).ifPresent(entries::setItems);
    }

    private void verify() {
        ConsoleRoles.attempt(audit::verify).ifPresent(this::show);
        search();
    }

    private void show(AuditLog.Verification result) {
        if (result.ok()) {
            verified.setText("Intact: " + result.entries() + " entries verified");
            verified.getElement().getThemeList().set("badge success", true);
        } else {
            AuditLog.Break at = result.brokenAt().orElseThrow();
            verified.setText("Broken at entry " + at.seq() + ": " + at.reason());
            verified.getElement().getThemeList().set("badge error", true);
        }
    }

    private static Instant day(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
