package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.access.Actor;
import app.porter.access.AdminTokens;
import app.porter.access.Role;
import app.porter.admin.AdminServices;
import app.porter.staff.NewStaff;
import app.porter.staff.StaffMember;

/**
 * The people who run Porter (admins only): add someone, reset their password or authenticator, disable them, and
 * make or revoke the admin-API tokens that act as them. Every action goes through {@code StaffAccounts}, which
 * checks the role and audits it.
 */
@Route(value = "staff", layout = ConsoleLayout.class)
@PageTitle("Staff · Porter")
public final class StaffView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final AdminServices services;
    private final Grid<StaffMember> grid = new Grid<>();
    private final Grid<AdminTokens.StaffToken> tokens = new Grid<>();
    private final VerticalLayout selected = new VerticalLayout();

    public StaffView() {
        Actor actor = ConsoleSession.actor().orElse(null);
        if (actor == null) {
            services = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        H2 title = new H2("Staff");
        title.getStyle().set("margin", "0");
        add(title);
        if (actor.role() != Role.ADMIN) {
            add(new Paragraph("Staff accounts are managed by admins."));
            return;
        }

        grid.setId("staff-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(StaffMember::username).setHeader("Username").setAutoWidth(true);
        grid.addColumn(StaffMember::displayName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(m -> m.role().id()).setHeader("Role").setAutoWidth(true);
        grid.addColumn(StaffView::state).setHeader("State").setAutoWidth(true);
        grid.addColumn(m -> WHEN.format(m.createdAt())).setHeader("Added").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(e -> showSelected(e.getFirstSelectedItem().orElse(null)));

        add(grid, addForm(), selected);
        selected.setPadding(false);
        refresh();
    }

    private static String state(StaffMember member) {
        if (member.disabled()) {
            return "disabled";
        }
        if (member.lockedUntil().isPresent()) {
            return "locked until " + WHEN.format(member.lockedUntil().get());
        }
        return member.enrolled() ? "active" : "active, not yet enrolled";
    }

    private HorizontalLayout addForm() {
        TextField username = new TextField("Username");
        username.setId("staff-username");
        TextField displayName = new TextField("Name tenants see");
        displayName.setId("staff-display-name");
        Select<Role> role = new Select<>();
        role.setLabel("Role");
        role.setId("staff-role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::id);
        role.setValue(Role.AGENT);
        PasswordField password = new PasswordField("First password (12+ characters)");
        password.setId("staff-password");
        Button add = new Button("Add", click -> {
            boolean added = ConsoleRoles.run(who -> services.staff().create(who, new NewStaff(username.getValue(),
                    displayName.getValue(), role.getValue(), password.getValue())));
            password.clear();
            if (added) {
                ConsoleRoles.done(username.getValue().strip() + " added: they set up two-step sign-in when they"
                        + " first sign in");
                username.clear();
                displayName.clear();
                refresh();
            }
        });
        add.setId("staff-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(username, displayName, role, password, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        return form;
    }

    private void showSelected(StaffMember member) {
        selected.removeAll();
        if (member == null) {
            return;
        }
        String name = member.username();
        PasswordField newPassword = new PasswordField("New password");
        newPassword.setId("staff-new-password");
        Button reset = new Button("Reset password", click -> {
            if (ConsoleRoles.run(who -> services.staff().resetPassword(who, name, newPassword.getValue()))) {
                ConsoleRoles.done("Password of " + name + " reset");
                refresh();
            }
            newPassword.clear();
        });
        reset.setId("staff-reset-password");
        Button resetFactor = new Button("Reset authenticator", click -> {
            if (ConsoleRoles.run(who -> services.staff().resetSecondFactor(who, name))) {
                ConsoleRoles.done(name + " sets up a new authenticator at their next sign-in");
                refresh();
            }
        });
        resetFactor.setId("staff-reset-totp");
        Button toggle = member.disabled()
                ? new Button("Enable", click -> act(() -> services.staff().enable(ConsoleSession.actor()
                        .orElseThrow(), name)))
                : new Button("Disable", click -> act(() -> services.staff().disable(ConsoleSession.actor()
                        .orElseThrow(), name)));
        toggle.setId("staff-toggle");
        toggle.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(newPassword, reset, resetFactor, toggle);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);

        tokens.removeAllColumns();
        tokens.setId("staff-tokens");
        tokens.addColumn(AdminTokens.StaffToken::id).setHeader("API token").setAutoWidth(true);
        tokens.addColumn(t -> WHEN.format(t.createdAt())).setHeader("Made").setAutoWidth(true);
        tokens.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", click -> {
                if (ConsoleRoles.run(who -> services.staff().revokeToken(who, name, t.id()))) {
                    ConsoleRoles.done("Token revoked");
                    showTokens(name);
                }
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            return revoke;
        }).setAutoWidth(true);
        tokens.setAllRowsVisible(true);
        Button issue = new Button("New API token", click -> ConsoleRoles.attempt(who ->
                services.staff().issueToken(who, name)).ifPresent(issued -> {
                    showTokenOnce(name, issued.token());
                    showTokens(name);
                }));
        issue.setId("staff-new-token");
        selected.add(new H3(member.displayName() + " (" + name + ")"), actions, issue, tokens);
        showTokens(name);
    }

    private void act(Runnable action) {
        try {
            action.run();
            refresh();
        } catch (app.porter.errors.DomainException e) {
            ConsoleRoles.error(Character.toUpperCase(e.getMessage().charAt(0)) + e.getMessage().substring(1));
        }
    }

    private void showTokens(String username) {
        ConsoleRoles.attempt(who -> services.staff().tokens(who, username)).ifPresent(tokens::setItems);
    }

    private void showTokenOnce(String username, String token) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("API token for " + username);
        Pre value = new Pre(token);
        value.setId("staff-token-value");
        Button close = new Button("Done", click -> dialog.close());
        close.setId("staff-token-done");
        dialog.add(new Paragraph("It acts as " + username + ", with their role. It is shown only now: copy it into"
                + " the tool that needs it."), value);
        dialog.getFooter().add(close);
        dialog.open();
    }

    private void refresh() {
        List<StaffMember> members = ConsoleRoles.attempt(who -> services.staff().list(who)).orElse(List.of());
        grid.setItems(members);
        selected.removeAll();
    }
}
