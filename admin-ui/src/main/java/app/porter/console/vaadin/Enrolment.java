package app.porter.console.vaadin;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;

import app.porter.staff.StaffAccounts;
import app.porter.staff.Totp;

/**
 * Enrolling an authenticator app: a new secret as a QR code, as the {@code otpauth://} URI and as text to type in,
 * and a field for the first code it shows (which proves the phone has the secret). The secret lives only in this
 * component until the service stores it encrypted.
 */
final class Enrolment extends VerticalLayout {

    private final byte[] secret = Totp.newSecret();
    private final TextField code = new TextField("Code from the app");

    Enrolment(String username) {
        String uri = Totp.uri(StaffAccounts.ISSUER, username, secret);
        H3 title = new H3("Two-step sign-in");
        Paragraph how = new Paragraph("Scan this code with an authenticator app (any app for one-time codes), or type"
                + " the key into it, then enter the six-digit code it shows.");
        Image qr = new Image(QrCodes.svgDataUri(uri), "QR code of the authenticator key");
        qr.setId("totp-qr");
        qr.setWidth("12em");
        qr.setHeight("12em");
        Span key = new Span(Totp.base32(secret));
        key.setId("totp-secret");
        key.getStyle().set("font-family", "monospace").set("letter-spacing", "0.1em");
        Span link = new Span(uri);
        link.setId("totp-uri");
        link.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("word-break", "break-all")
                .set("color", "var(--lumo-secondary-text-color)");
        code.setId("totp-code");
        code.setMaxLength(6);
        code.setAllowedCharPattern("[0-9]");
        add(title, how, qr, new Div(new Span("Key: "), key), link, code);
        setPadding(false);
        setMaxWidth("32em");
    }

    byte[] secret() {
        return secret.clone();
    }

    String code() {
        return code.getValue();
    }

    void clearCode() {
        code.clear();
    }

    /**
     * The recovery codes, shown once, and a button that goes on. They are the way in when the phone is lost, so the
     * page says to keep them somewhere safe.
     */
    static VerticalLayout recoveryCodes(List<String> codes, Runnable onContinue) {
        H3 title = new H3("Recovery codes");
        Paragraph why = new Paragraph("Each of these codes signs you in once in place of the app's code. Print them"
                + " or keep them in a password manager: they are not shown again.");
        Pre list = new Pre(String.join("\n", codes));
        list.setId("recovery-codes");
        Button next = new Button("I have kept them: continue", click -> onContinue.run());
        next.setId("continue");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        VerticalLayout layout = new VerticalLayout(title, why, list, next);
        layout.setPadding(false);
        layout.setMaxWidth("32em");
        return layout;
    }
}
