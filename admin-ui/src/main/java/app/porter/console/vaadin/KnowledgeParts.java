package app.porter.console.vaadin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * What the knowledge view's panels share: a titled section and a short notification, so the upload panel, the
 * document grid and the question panel look and report alike.
 */
final class KnowledgeParts {

    private KnowledgeParts() {
    }

    /** A success note for a few seconds, or an error that stays long enough to be read. */
    static void notify(String message, boolean error) {
        Notification notification = Notification.show(message, error ? 8000 : 3000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    /** A full-width column under a heading. */
    static VerticalLayout section(String heading, Component... content) {
        H3 title = new H3(heading);
        title.getStyle().set("margin", "0");
        VerticalLayout section = new VerticalLayout(title);
        section.add(content);
        section.setPadding(false);
        section.setWidthFull();
        return section;
    }
}
