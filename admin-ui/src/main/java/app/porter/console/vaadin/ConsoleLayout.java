package app.porter.console.vaadin;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;

import app.porter.access.Actor;

/**
 * The frame of every signed-in view: who is signed in, their password, sign out; anyone else is sent to sign in.
 * The session ends after {@code VaadinConsole}'s idle timeout without a user action.
 */
public final class ConsoleLayout extends AppLayout implements BeforeEnterObserver {

    private final Span who = new Span();

    public ConsoleLayout() {
        H1 title = new H1("Porter console");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");

        who.setId("signed-in-as");
        who.getStyle().set("color", "var(--lumo-secondary-text-color)");

        Button signOut = new Button("Sign out", click -> {
            ConsoleSession.signOut(ConsoleServices.current().audit());
            getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
        });
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        Button password = new Button("Password", click -> new PasswordDialog().open());
        password.setId("change-password");
        password.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), title, who, password, signOut);
        bar.setWidthFull();
        bar.setPadding(true);
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(title);
        addToNavbar(bar);

        SideNav views = new SideNav();
        views.addItem(new SideNavItem("Knowledge base", KnowledgeView.class, VaadinIcon.BOOK.create()));
        views.addItem(new SideNavItem("Knowledge gaps", KnowledgeGapsView.class, VaadinIcon.QUESTION_CIRCLE.create()));
        views.addItem(new SideNavItem("Models", ModelsView.class, VaadinIcon.CLUSTER.create()));
        views.addItem(new SideNavItem("Retention and privacy", RetentionView.class, VaadinIcon.TIME_BACKWARD.create()));
        views.addItem(new SideNavItem("Data requests", DsrView.class, VaadinIcon.USER_CHECK.create()));
        views.addItem(new SideNavItem("Audit log", AuditView.class, VaadinIcon.LIST.create()));
        // Issue 6: maintenance tickets and hand-overs to staff.
        views.addItem(new SideNavItem("Inbox", InboxView.class, VaadinIcon.INBOX.create()));
        views.addItem(new SideNavItem("Escalations", EscalationsView.class, VaadinIcon.BELL.create()));
        views.addItem(new SideNavItem("Tickets", TicketsView.class, VaadinIcon.WRENCH.create()));
        views.addItem(new SideNavItem("Notifications", NotificationsView.class, VaadinIcon.ENVELOPE.create()));
        views.addItem(new SideNavItem("Staff", StaffView.class, VaadinIcon.USERS.create()));
        // Issue 11: the firm's policies; properties, units and their settings.
        views.addItem(new SideNavItem("Policies", PoliciesView.class, VaadinIcon.SCALE.create()));
        views.addItem(new SideNavItem("Properties", PropertiesView.class, VaadinIcon.BUILDING.create()));
        views.addItem(new SideNavItem("Analytics", AnalyticsView.class, VaadinIcon.CHART.create()));
        views.addItem(new SideNavItem("Acceptance suites", SuitesView.class, VaadinIcon.CHECK_SQUARE_O.create()));
        addToDrawer(views);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Actor actor = ConsoleSession.actor().orElse(null);
        if (actor == null) {
            event.forwardTo(SignInView.class);
            return;
        }
        // Checked on every navigation: an account disabled meanwhile (or a changed role) takes effect at once.
        Actor current = ConsoleServices.current().staff().activeActor(actor.who()).orElse(null);
        if (current == null || current.role() != actor.role()) {
            ConsoleSession.signOut(ConsoleServices.current().audit());
            event.forwardTo(SignInView.class);
            return;
        }
        who.setText(actor.displayName() + " (" + actor.role().id() + ")");
    }
}
