package app.porter.console.vaadin;

import java.util.Optional;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;

import app.porter.access.AdminPrincipal;
import app.porter.console.ConsoleContext;

/** Sign in with an admin token (the same tokens as the admin API). */
@Route("login")
@RouteAlias("")
@PageTitle("Sign in · Porter")
public final class SignInView extends VerticalLayout implements BeforeEnterObserver {

    static final String UNKNOWN_TOKEN = "Unknown admin token";

    private final PasswordField token = new PasswordField("Admin token");

    public SignInView() {
        H1 title = new H1("Porter console");
        Paragraph hint = new Paragraph("Sign in with an admin token. On first start it is the value of "
                + "PORTER_BOOTSTRAP_TOKEN, or the one written to <data>/bootstrap-admin-token.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("max-width", "28em");

        token.setId("admin-token");
        token.setWidth("28em");
        token.setRevealButtonVisible(false);
        token.setAutofocus(true);
        token.setManualValidation(true); // "invalid" means an unknown token, which only the server can tell

        Button signIn = new Button("Sign in", click -> signIn());
        signIn.setId("sign-in");
        signIn.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        signIn.addClickShortcut(Key.ENTER);

        add(title, hint, token, signIn);
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (ConsoleSession.principal().isPresent()) {
            event.forwardTo(KnowledgeView.class);
        }
    }

    private void signIn() {
        ConsoleContext services = ConsoleServices.current();
        Optional<AdminPrincipal> principal = services.tokens().verify(token.getValue());
        token.clear();
        if (principal.isEmpty()) {
            token.setInvalid(true);
            token.setErrorMessage(UNKNOWN_TOKEN);
            token.focus();
            return;
        }
        ConsoleSession.signIn(principal.get(), services.audit());
        getUI().ifPresent(ui -> ui.navigate(KnowledgeView.class));
    }
}
