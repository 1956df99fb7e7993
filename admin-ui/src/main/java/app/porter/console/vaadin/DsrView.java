package app.porter.console.vaadin;

import java.io.StringWriter;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;

import app.porter.errors.InvalidInput;
import app.porter.privacy.DataSubjectRequests;
import app.porter.privacy.LegalHolds;
import app.porter.privacy.PrivacyServices;

/**
 * Data-subject requests: export a conversation as JSON, erase it (crypto-shred) for a signed receipt, and place or
 * release legal holds. Every action needs a stated reason and is audited with it, exactly as on the admin API.
 */
@Route(value = "requests", layout = ConsoleLayout.class)
@PageTitle("Data requests · Porter")
public final class DsrView extends VerticalLayout {

    private final PrivacyServices privacy = ConsoleServices.current().privacy();
    private final TextField conversation = new TextField("Conversation id");
    private final TextField reason = new TextField("Reason (recorded in the audit log)");
    private final Pre output = new Pre();
    private final Grid<LegalHolds.Hold> holds = new Grid<>();

    public DsrView() {
        H2 title = new H2("Data requests");
        title.getStyle().set("margin", "0");
        conversation.setId("dsr-conversation");
        conversation.setWidth("24em");
        conversation.setClearButtonVisible(true);
        reason.setId("dsr-reason");
        reason.setWidth("28em");
        reason.setPlaceholder("e.g. tenant's request by e-mail of 3 March");

        Button export = new Button("Export as JSON", click -> export());
        export.setId("dsr-export");
        Button erase = new Button("Erase (crypto-shred)", click -> erase());
        erase.setId("dsr-erase");
        erase.addThemeVariants(ButtonVariant.LUMO_ERROR);
        Button hold = new Button("Place legal hold", click -> hold(true));
        hold.setId("hold-place");
        Button release = new Button("Release legal hold", click -> hold(false));
        release.setId("hold-release");
        HorizontalLayout inputs = new HorizontalLayout(conversation, reason);
        inputs.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout actions = new HorizontalLayout(export, erase, hold, release);

        output.setId("dsr-output");
        output.setWidthFull();
        output.getStyle().set("max-height", "28em").set("overflow", "auto").set("white-space", "pre-wrap");

        holds.setId("legal-holds");
        holds.addColumn(LegalHolds.Hold::conversationId).setHeader("Conversation").setAutoWidth(true);
        holds.addColumn(LegalHolds.Hold::reason).setHeader("Reason").setFlexGrow(2);
        holds.addColumn(h -> h.conversationStarted().toString()).setHeader("Started").setAutoWidth(true);
        holds.setAllRowsVisible(true);
        holds.addItemClickListener(e -> conversation.setValue(e.getItem().conversationId()));
        refreshHolds();

        add(title, new Paragraph("A tenant can download or delete their own conversation from the chat widget."
                        + " Requests that reach the office (by e-mail, letter, phone) are handled here."),
                inputs, actions, output, new H3("Legal holds"), holds, new DatasetPanel());
        setWidthFull();
    }

    private void export() {
        String id = conversationId();
        String why = statedReason();
        if (id == null || why == null) {
            return;
        }
        ConsoleRoles.attempt(who -> privacy.requests().export(who, DataSubjectRequests.Subject.conversation(id), why))
                .ifPresent(export -> output.setText(pretty(export)));
    }

    private void erase() {
        String id = conversationId();
        String why = statedReason();
        if (id == null || why == null) {
            return;
        }
        ConsoleRoles.attempt(who -> privacy.requests().erase(who, DataSubjectRequests.Subject.conversation(id), why))
                .ifPresent(receipts -> {
                    output.setText("Erased. Signed receipt (verify with the public key on the Retention and privacy"
                            + " page):\n\n" + pretty(receipts.getFirst().toJson()));
                    ConsoleRoles.done("Conversation erased");
                    conversation.clear();
                });
        refreshHolds();
    }

    private void hold(boolean place) {
        String id = conversationId();
        if (id == null) {
            return;
        }
        if (place) {
            String why = statedReason();
            if (why != null && ConsoleRoles.run(who -> privacy.requests().placeHold(who, id, why))) {
                ConsoleRoles.done("Legal hold placed");
            }
        } else if (ConsoleRoles.run(who -> privacy.requests().releaseHold(who, id))) {
            ConsoleRoles.done("Legal hold released");
        }
        refreshHolds();
    }

    private void refreshHolds() {
        ConsoleRoles.attempt(who -> privacy.requests().holds(who)).ifPresent(holds::setItems);
    }

    private String conversationId() {
        String id = conversation.getValue().strip();
        if (id.isEmpty()) {
            ConsoleRoles.error("Enter the conversation id");
            return null;
        }
        return id;
    }

    private String statedReason() {
        try {
            return privacy.statedReason(reason.getValue());
        } catch (InvalidInput e) {
            ConsoleRoles.error(e.getMessage());
            return null;
        }
    }

    private static String pretty(JsonStructure json) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(out)) {
            writer.write(json);
        }
        return out.toString().strip();
    }
}
