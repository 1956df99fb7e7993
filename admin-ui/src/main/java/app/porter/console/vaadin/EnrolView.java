package app.porter.console.vaadin;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.access.Actor;
import app.porter.admin.AdminServices;
import app.porter.errors.DomainException;

/**
 * A person's first sign-in (or the first after an admin reset their authenticator): their password was right, now
 * they enrol an authenticator app and get their recovery codes, and are signed in.
 */
@Route("enrol")
@PageTitle("Two-step sign-in · Porter")
public final class EnrolView extends VerticalLayout implements BeforeEnterObserver {

    private final Paragraph message = new Paragraph();

    public EnrolView() {
        setAlignItems(FlexComponent.Alignment.CENTER);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String username = ConsoleSession.pendingEnrolment().orElse(null);
        if (username == null) {
            event.forwardTo(SignInView.class);
            return;
        }
        removeAll();
        message.setId("enrol-message");
        message.getStyle().set("color", "var(--lumo-error-text-color)");
        Enrolment enrolment = new Enrolment(username);
        Button enrol = new Button("Turn on two-step sign-in", click -> enrol(username, enrolment));
        enrol.setId("enrol");
        enrol.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new H1("Welcome, " + username), new Paragraph("Your account signs in with your password and a code from"
                + " an authenticator app on your phone. Set it up once now."), enrolment, message, enrol);
    }

    private void enrol(String username, Enrolment enrolment) {
        AdminServices services = ConsoleServices.current();
        List<String> codes;
        try {
            codes = services.staff().enrol(username, enrolment.secret(), enrolment.code());
        } catch (DomainException e) {
            enrolment.clearCode();
            message.setText(Character.toUpperCase(e.getMessage().charAt(0)) + e.getMessage().substring(1));
            return;
        }
        Actor person = services.staff().activeActor(username).orElseThrow();
        removeAll();
        add(Enrolment.recoveryCodes(codes, () -> {
            ConsoleSession.signIn(person, "password+totp-enrolled", services.audit());
            getUI().ifPresent(ui -> ui.navigate(KnowledgeView.class));
        }));
    }
}
