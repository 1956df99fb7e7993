package app.porter.console.vaadin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;

/** The signed-in person changes their own password, proving the current one. */
final class PasswordDialog extends Dialog {

    PasswordDialog() {
        setHeaderTitle("Change your password");
        PasswordField current = new PasswordField("Current password");
        current.setId("current-password");
        PasswordField next = new PasswordField("New password (12 characters or more)");
        next.setId("new-password");
        PasswordField again = new PasswordField("New password again");
        again.setId("new-password-again");
        Button save = new Button("Change", click -> {
            if (!next.getValue().equals(again.getValue())) {
                ConsoleRoles.error("The two new passwords differ");
                return;
            }
            boolean changed = ConsoleRoles.run(who -> ConsoleServices.current().staff()
                    .changePassword(who, current.getValue(), next.getValue()));
            current.clear();
            next.clear();
            again.clear();
            if (changed) {
                ConsoleRoles.done("Password changed");
                close();
            }
        });
        save.setId("change-password-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new VerticalLayout(current, next, again));
        getFooter().add(new Button("Cancel", click -> close()), save);
    }
}
