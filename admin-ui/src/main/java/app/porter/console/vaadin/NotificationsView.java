package app.porter.console.vaadin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.admin.AdminServices;
import app.porter.notify.Notifications;

/**
 * Who is told of escalations and new tickets by e-mail: the relay and on-call address as configured at start
 * (read-only), the routing table (property × priority → address), and the webhook's signing secret (write-only).
 * Admins only; the service checks the role and audits each change, as it does for the admin API.
 */
@Route(value = "notifications", layout = ConsoleLayout.class)
@PageTitle("Notifications · Porter")
public final class NotificationsView extends VerticalLayout {

    private static final String ANY = "(any)";

    private final AdminServices services;
    private final Paragraph relay = new Paragraph();
    private final Grid<app.porter.notify.Route> grid = new Grid<>();
    private final List<app.porter.notify.Route> routes = new ArrayList<>();

    public NotificationsView() {
        if (ConsoleSession.principal().isEmpty()) {
            services = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        H2 title = new H2("Notifications");
        title.getStyle().set("margin", "0");
        relay.setId("notify-relay");

        grid.setId("notify-routes");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(r -> r.propertyId().orElse(ANY)).setHeader("Property").setAutoWidth(true);
        grid.addColumn(r -> r.priority().orElse(ANY)).setHeader("Priority").setAutoWidth(true);
        grid.addColumn(app.porter.notify.Route::email).setHeader("E-mail").setFlexGrow(2);
        grid.setHeight("280px");

        TextField property = new TextField("Property id");
        property.setId("notify-property");
        property.setPlaceholder(ANY);
        Select<String> priority = new Select<>();
        priority.setId("notify-priority");
        priority.setLabel("Priority");
        List<String> priorities = new ArrayList<>(List.of(ANY));
        priorities.addAll(Notifications.PRIORITIES);
        priority.setItems(priorities);
        priority.setValue(ANY);
        TextField email = new TextField("E-mail");
        email.setId("notify-email");
        Button add = new Button("Add route", click -> {
            List<app.porter.notify.Route> next = new ArrayList<>(routes);
            try {
                next.add(new app.porter.notify.Route(Optional.of(property.getValue().strip()),
                        Optional.of(priority.getValue()).filter(p -> !ANY.equals(p)), email.getValue().strip()));
            } catch (IllegalArgumentException e) {
                String message = e.getMessage(); // "email must be ...": a notification starts a sentence
                ConsoleRoles.error(Character.toUpperCase(message.charAt(0)) + message.substring(1));
                return;
            }
            if (save(next)) {
                email.clear();
            }
        });
        add.setId("notify-add");
        Button remove = new Button("Remove selected", click -> grid.getSelectedItems().stream().findFirst()
                .ifPresent(selected -> {
                    List<app.porter.notify.Route> next = new ArrayList<>(routes);
                    next.remove(selected);
                    save(next);
                }));
        remove.setId("notify-remove");
        HorizontalLayout form = new HorizontalLayout(property, priority, email, add, remove);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        PasswordField secret = new PasswordField("New webhook secret (16 characters or more)");
        secret.setId("notify-webhook-secret");
        secret.setWidth("28em");
        Button setSecret = new Button("Set secret", click -> {
            if (ConsoleRoles.run(who -> services.notifications().update(who, Optional.empty(),
                    Optional.of(secret.getValue())))) {
                ConsoleRoles.done("Webhook secret set: deliveries are signed with it from now on");
                refresh();
            }
            secret.clear();
        });
        setSecret.setId("notify-webhook-secret-set");
        HorizontalLayout webhook = new HorizontalLayout(secret, setSecret);
        webhook.setAlignItems(FlexComponent.Alignment.BASELINE);

        add(title, relay, new Paragraph("Each notification goes to every route that matches its property and"
                        + " priority; the on-call address gets every emergency, and whatever no route matches. E-mails"
                        + " carry references and links to this console, never what the tenant wrote."),
                grid, form, new H3("Webhook signature"), webhook);
        setSizeFull();
        refresh();
    }

    private boolean save(List<app.porter.notify.Route> next) {
        boolean saved = ConsoleRoles.run(who -> services.notifications().update(who, Optional.of(next),
                Optional.empty()));
        refresh();
        return saved;
    }

    private void refresh() {
        ConsoleRoles.attempt(who -> services.notifications().settings(who)).ifPresent(s -> {
            relay.setText(s.smtpHost().map(h -> "Relay " + h + ":" + s.smtpPort() + (s.startTls() ? " (STARTTLS)" : "")
                            + (s.login() ? ", with login" : "")).orElse("No SMTP relay configured (PORTER_SMTP_HOST):"
                            + " no e-mail is sent")
                    + ". On-call: " + s.onCall().orElse("none") + ". Webhook secret: " + s.webhookSecret()
                    + ". Since start: " + s.mail().sent() + " sent, " + s.mail().failed() + " failed, "
                    + s.mail().dropped() + " dropped, " + s.mail().waiting() + " waiting.");
            routes.clear();
            routes.addAll(s.routes());
            grid.setItems(routes);
        });
    }
}
