package app.porter.console.vaadin;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.admin.AdminServices;
import app.porter.errors.DomainException;
import app.porter.staff.NewStaff;

/**
 * First start: after the bootstrap token, the first admin's account and authenticator in one step, so the first
 * admin never exists without a second factor. Audited as done by {@code bootstrap}.
 */
@Route("setup")
@PageTitle("Set up the first admin · Porter")
public final class FirstAdminView extends VerticalLayout implements BeforeEnterObserver {

    private final TextField username = new TextField("Username");
    private final TextField displayName = new TextField("Your name, as tenants will see it");
    private final PasswordField password = new PasswordField("Password (12 characters or more)");
    private final PasswordField again = new PasswordField("Password again");
    private final Paragraph message = new Paragraph();

    public FirstAdminView() {
        setAlignItems(FlexComponent.Alignment.CENTER);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!ConsoleSession.setUpAllowed() || !ConsoleServices.current().staff().none()) {
            event.forwardTo(SignInView.class);
            return;
        }
        removeAll();
        username.setId("setup-username");
        displayName.setId("setup-display-name");
        password.setId("setup-password");
        again.setId("setup-password-again");
        for (var field : List.of(username, displayName, password, again)) {
            field.setWidth("28em");
        }
        message.setId("setup-message");
        message.getStyle().set("color", "var(--lumo-error-text-color)");
        Enrolment enrolment = new Enrolment("first admin");
        Button create = new Button("Create the first admin", click -> create(enrolment));
        create.setId("create-admin");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new H1("Set up the first admin"), new Paragraph("This account can add the rest of the staff. It signs in"
                + " with its password and a code from an authenticator app."), username, displayName, password,
                again, enrolment, message, create);
    }

    private void create(Enrolment enrolment) {
        AdminServices services = ConsoleServices.current();
        if (!password.getValue().equals(again.getValue())) {
            message.setText("The two passwords differ");
            return;
        }
        NewStaff person;
        List<String> codes;
        try {
            person = new NewStaff(username.getValue(), displayName.getValue(), Role.ADMIN, password.getValue());
            codes = services.staff().createFirstAdmin(new Actor("bootstrap", Role.ADMIN), person,
                    enrolment.secret(), enrolment.code());
        } catch (DomainException e) {
            enrolment.clearCode();
            message.setText(Character.toUpperCase(e.getMessage().charAt(0)) + e.getMessage().substring(1));
            return;
        }
        password.clear();
        again.clear();
        Actor admin = services.staff().activeActor(person.username()).orElseThrow();
        removeAll();
        add(Enrolment.recoveryCodes(codes, () -> {
            ConsoleSession.signIn(admin, "first-admin-set-up", services.audit());
            getUI().ifPresent(ui -> ui.navigate(KnowledgeView.class));
        }));
    }
}
