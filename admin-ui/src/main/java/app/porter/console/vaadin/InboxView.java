package app.porter.console.vaadin;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.admin.AdminServices;
import app.porter.chat.ChatMessage;
import app.porter.chat.StaffNote;
import app.porter.inbox.Inbox;
import app.porter.knowledge.ScoredPassage;

/**
 * The office's inbox: escalated conversations, emergencies first, with their age and SLA (late ones stand out).
 * Selecting one opens its transcript (an audited staff read); from there an agent claims it (the bot goes quiet),
 * replies to the tenant (it reaches their open widget at once), keeps internal notes, sees knowledge-base passages
 * for the tenant's last question, and hands the conversation back to the bot. {@link Inbox} checks every role.
 */
@Route(value = "inbox", layout = ConsoleLayout.class)
@PageTitle("Inbox · Porter")
public final class InboxView extends VerticalLayout implements BeforeEnterObserver {

    /** {@code inbox?conversation=<id>} opens that conversation's escalation (the Tickets view links so). */
    static final String CONVERSATION = "conversation";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm")
            .withZone(ZoneId.systemDefault());

    private final AdminServices services;
    private final Grid<Inbox.Item> queue = new Grid<>();
    private final VerticalLayout transcript = new VerticalLayout();
    /** The escalation whose transcript is shown, or null. */
    private String shown;

    public InboxView() {
        AdminPrincipal principal = ConsoleSession.principal().orElse(null);
        if (principal == null) {
            services = null;
            return; // the layout sends the visitor to sign in
        }
        services = ConsoleServices.current();
        H2 title = new H2("Inbox");
        title.getStyle().set("margin", "0");
        Button refresh = new Button("Refresh", click -> refresh());
        refresh.setId("inbox-refresh");

        queue.setId("inbox-queue");
        queue.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        queue.addColumn(i -> i.escalation().reason() + (i.escalation().kind() == null ? ""
                : " (" + i.escalation().kind() + ")")).setHeader("Priority").setAutoWidth(true).setFlexGrow(0);
        queue.addColumn(i -> age(i.age())).setHeader("Age").setAutoWidth(true).setFlexGrow(0);
        queue.addComponentColumn(InboxView::sla).setHeader("SLA").setAutoWidth(true).setFlexGrow(0);
        queue.addColumn(i -> i.escalation().propertyId()).setHeader("Property").setAutoWidth(true);
        queue.addColumn(i -> i.unitId() == null ? "" : i.unitId()).setHeader("Unit").setAutoWidth(true);
        queue.addColumn(i -> i.language() == null ? "" : i.language()).setHeader("Language").setAutoWidth(true);
        queue.addColumn(i -> i.escalation().claim() == null ? "" : i.escalation().claim().displayName())
                .setHeader("Claimed by").setAutoWidth(true);
        queue.addColumn(Inbox.Item::preview).setHeader("Last message").setFlexGrow(3);
        queue.setHeight("300px");
        queue.asSingleSelect().addValueChangeListener(e -> open(e.getValue()));

        transcript.setId("inbox-transcript");
        transcript.setPadding(false);
        add(new HorizontalLayout(title, refresh), queue, transcript);
        setSizeFull();
        refresh();
    }

    private static Component sla(Inbox.Item item) {
        Span due = new Span(item.breached() ? "Breached (due " + WHEN.format(item.due()) + ")"
                : "Due " + WHEN.format(item.due()));
        if (item.breached()) {
            due.getElement().setAttribute("data-breached", "true");
            due.getStyle().set("color", "var(--lumo-error-text-color)").set("font-weight", "600");
        }
        return due;
    }

    private static String age(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
    }

    private void refresh() {
        ConsoleRoles.attempt(who -> services.inbox().queue(who)).ifPresent(queue::setItems);
    }

    /** A link from a ticket: opens its conversation when it is in the queue, says so when it is not. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String conversationId = event.getLocation().getQueryParameters().getSingleParameter(CONVERSATION)
                .orElse(null);
        if (services == null || conversationId == null) {
            return;
        }
        ConsoleRoles.attempt(who -> services.inbox().queue(who)).ifPresent(items -> items.stream()
                .filter(i -> i.escalation().conversationId().equals(conversationId)).findFirst()
                .ifPresentOrElse(queue::select, () -> {
                    transcript.removeAll();
                    Span none = new Span("Conversation " + conversationId + " is not waiting in the inbox: it was"
                            + " not handed to staff, or its escalation is closed.");
                    none.setId("inbox-not-queued");
                    transcript.add(none);
                }));
    }

    /** Opens the transcript of {@code item}: a staff read, audited with the escalation as the reason. */
    private void open(Inbox.Item item) {
        open(item == null ? null : item.escalation().id());
    }

    private void open(String escalationId) {
        transcript.removeAll();
        shown = null;
        if (escalationId != null) {
            ConsoleRoles.attempt(who -> services.inbox().open(who, escalationId)).ifPresent(this::show);
        }
    }

    private void show(Inbox.Transcript t) {
        shown = t.item().escalation().id();
        transcript.add(new H3("Conversation " + t.item().escalation().conversationId()));
        if (t.replyContact() != null) {
            // Left outside office hours: the tenant asked for the reply here as well.
            Div contact = new Div(new Span("Reply also to: "), new Span(t.replyContact()));
            contact.setId("inbox-reply-contact");
            transcript.add(contact);
        }
        Div messages = new Div();
        messages.setId("inbox-messages");
        for (ChatMessage m : t.messages()) {
            Div line = new Div(new Span(speaker(m) + ": "), new Span(m.text()));
            line.getElement().setAttribute("data-role", m.role());
            if (m.role().equals("staff")) {
                line.add(draftButton(t.item().escalation().conversationId(), m.id()));
            }
            line.getStyle().set("white-space", "pre-wrap").set("margin", "2px 0");
            messages.add(line);
        }
        transcript.add(messages);

        String id = t.item().escalation().id();
        Button claim = new Button("Claim", click -> act(who -> services.inbox().claim(who, id), "Claimed"));
        claim.setId("inbox-claim");
        Button release = new Button("Hand back to the bot",
                click -> act(who -> services.inbox().release(who, id), "Handed back to the bot"));
        release.setId("inbox-release");
        transcript.add(new HorizontalLayout(claim, release));

        TextArea reply = new TextArea("Reply to the tenant");
        reply.setId("inbox-reply");
        reply.setWidthFull();
        reply.setMaxLength(Inbox.MAX_TEXT_CHARS);
        Button send = new Button("Send", click -> act(who -> services.inbox().reply(who, id, reply.getValue()),
                "Sent to the tenant"));
        send.setId("inbox-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        transcript.add(reply, send);

        transcript.add(new H3("Internal notes (never shown to the tenant)"));
        Div notes = new Div();
        notes.setId("inbox-notes");
        for (StaffNote n : t.notes()) {
            notes.add(new Div(new Span(n.author() + ": "), new Span(n.text())));
        }
        TextArea note = new TextArea("Note");
        note.setId("inbox-note");
        note.setWidthFull();
        note.setMaxLength(Inbox.MAX_TEXT_CHARS);
        Button addNote = new Button("Add note", click -> act(who -> services.inbox().note(who, id, note.getValue()),
                "Note added"));
        addNote.setId("inbox-add-note");
        transcript.add(notes, note, addNote);

        transcript.add(new H3("From the knowledge base"));
        Div suggestions = new Div();
        suggestions.setId("inbox-suggestions");
        for (ScoredPassage hit : t.suggestions()) {
            suggestions.add(new Div(new Span(hit.passage().documentTitle() + " · " + hit.passage().title() + ": "),
                    new Span(hit.passage().text())));
        }
        transcript.add(suggestions);
    }

    /** A staff reply that answered well becomes a knowledge-base entry: prefilled, edited, published. */
    private Button draftButton(String conversationId, String messageId) {
        Button draft = new Button("Draft an entry", click -> ConsoleRoles.attempt(who -> services.corrections()
                .fromReply(who, conversationId, messageId)).ifPresent(d -> new CorrectionDialog(d, () -> { }).open()));
        draft.addClassName("inbox-draft-entry");
        draft.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return draft;
    }

    private static String speaker(ChatMessage m) {
        return switch (m.role()) {
            case "tenant" -> "Tenant";
            case "staff" -> (m.author() == null ? "Staff" : m.author()) + " (staff)";
            default -> "Porter";
        };
    }

    /**
     * Runs a staff action, then shows the queue and the transcript as they now are (new items in the queue clear
     * its selection, so the transcript is opened again by id; that read is audited like the first).
     */
    private void act(Function<Actor, ?> action, String done) {
        if (ConsoleRoles.attempt(action).isPresent()) {
            ConsoleRoles.done(done);
            String id = shown;
            refresh();
            open(id);
        }
    }
}
