package app.porter.console.vaadin;

import java.time.Duration;
import java.util.Optional;

import com.vaadin.flow.component.Key;
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
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.server.VaadinRequest;

import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.admin.AdminServices;
import app.porter.crypto.BearerTokens;
import app.porter.staff.SignIn;

/**
 * Sign in as a person: username, password and the code of their authenticator app (or one of their recovery codes).
 * On first start, while no account exists, it asks for the bootstrap token instead and goes on to set up the first
 * admin ({@link FirstAdminView}).
 */
@Route("login")
@RouteAlias("")
@PageTitle("Sign in · Porter")
public final class SignInView extends VerticalLayout implements BeforeEnterObserver {

    static final String UNKNOWN_TOKEN = "Unknown admin token";
    static final String TOO_MANY_TOKENS = "Too many wrong tokens from this address";
    static final String REFUSED = "Wrong username, password or code";

    private final PasswordField token = new PasswordField("Bootstrap token");
    private final TextField username = new TextField("Username");
    private final PasswordField password = new PasswordField("Password");
    private final TextField code = new TextField("Code from your authenticator app, or a recovery code");
    private final Paragraph message = new Paragraph();

    public SignInView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (ConsoleSession.principal().isPresent()) {
            event.forwardTo(KnowledgeView.class);
            return;
        }
        removeAll();
        H1 title = new H1("Porter console");
        message.setId("sign-in-message");
        message.getStyle().set("color", "var(--lumo-error-text-color)");
        message.setText("");
        Button signIn = new Button("Sign in");
        signIn.setId("sign-in");
        signIn.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        signIn.addClickShortcut(Key.ENTER);
        if (ConsoleServices.current().staff().none()) {
            add(title, hint("No one has been set up yet. Enter the bootstrap token to create the first admin: the"
                    + " value of PORTER_BOOTSTRAP_TOKEN, or the one in <data>/bootstrap-admin-token."), tokenField(),
                    signIn);
            signIn.setText("Continue");
            signIn.addClickListener(click -> checkBootstrapToken());
        } else {
            username.setId("username");
            username.setAutofocus(true);
            username.setWidth("28em");
            password.setId("password");
            password.setWidth("28em");
            password.setRevealButtonVisible(false);
            code.setId("code");
            code.setWidth("28em");
            add(title, username, password, code, message, signIn);
            signIn.addClickListener(click -> signIn());
        }
    }

    private static Paragraph hint(String text) {
        Paragraph hint = new Paragraph(text);
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("max-width", "28em");
        return hint;
    }

    private PasswordField tokenField() {
        token.setId("admin-token");
        token.setWidth("28em");
        token.setRevealButtonVisible(false);
        token.setAutofocus(true);
        token.setManualValidation(true); // "invalid" means an unknown token, which only the server can tell
        return token;
    }

    private void checkBootstrapToken() {
        AdminServices services = ConsoleServices.current();
        String value = token.getValue();
        token.clear();
        // The admin socket's lockout, per source address: guesses here count with guesses there.
        String source = VaadinRequest.getCurrent() == null ? "console" : VaadinRequest.getCurrent().getRemoteAddr();
        byte[] digest = BearerTokens.digest(value.strip());
        Optional<Duration> wait = services.tokenLockout().waitBefore(source, digest);
        if (wait.isPresent()) {
            refuseToken(tooManyTokens(wait.get()));
            return;
        }
        Optional<AdminPrincipal> principal = services.tokens().verify(value);
        // Only a token of nobody in particular (the bootstrap token) with the admin role sets up the first admin.
        if (principal.isEmpty() || principal.get().staff().isPresent() || principal.get().role() != Role.ADMIN) {
            Duration now = services.tokenLockout().failed(source);
            refuseToken(now.isZero() ? UNKNOWN_TOKEN : tooManyTokens(now));
            return;
        }
        services.tokenLockout().succeeded(source, digest);
        ConsoleSession.allowSetUp();
        getUI().ifPresent(ui -> ui.navigate(FirstAdminView.class));
    }

    private void refuseToken(String why) {
        token.setInvalid(true);
        token.setErrorMessage(why);
        token.focus();
    }

    static String tooManyTokens(Duration wait) {
        return TOO_MANY_TOKENS + ": try again in " + Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0))
                + " s";
    }

    private void signIn() {
        AdminServices services = ConsoleServices.current();
        SignIn result = services.staff().signIn(username.getValue(), password.getValue(), code.getValue());
        password.clear();
        code.clear();
        switch (result) {
            case SignIn.SignedIn in -> {
                ConsoleSession.signIn(in.actor(), in.method(), services.audit());
                getUI().ifPresent(ui -> ui.navigate(KnowledgeView.class));
            }
            case SignIn.NeedsEnrolment enrol -> {
                ConsoleSession.pendingEnrolment(enrol.username());
                getUI().ifPresent(ui -> ui.navigate(EnrolView.class));
            }
            case SignIn.Refused refused -> message.setText(REFUSED);
            case SignIn.TryLater later -> message.setText(later.locked()
                    ? "Too many failed attempts: this account is locked for " + minutes(later.retryAfter())
                    + ". An admin can lift the lock by resetting the password."
                    : "Too many failed attempts: wait " + Math.max(1, later.retryAfter().toSeconds())
                    + " seconds and try again.");
        }
    }

    private static String minutes(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}
