package app.porter.console.vaadin;

import java.util.List;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.admin.AdminServices;
import app.porter.knowledge.IngestionJob;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.knowledge.Scope;
import app.porter.portfolio.Property;
import app.porter.portfolio.Unit;

/**
 * The knowledge base: pick a scope (the whole portfolio, a property, or one unit), upload documents to it (drag
 * and drop, several at once) and watch them being indexed, list the documents a tenant there would draw on,
 * preview a document's passages, re-index or delete it, and try a question to see the ranked passages and their
 * scores. Every action goes through {@link KnowledgeLibrary}, the same service as the admin API, which checks the
 * role and writes the audit log. Agents see everything; only admins see the controls that change anything.
 *
 * <p>This class holds the scope selector and wires the panels together: {@link KnowledgeUploadPanel} (admins
 * only), {@link KnowledgeJobsPanel}, {@link KnowledgeDocumentsPanel}, {@link KnowledgePassagesPanel} and
 * {@link KnowledgeQuestionPanel}. A new scope goes to every panel; a job that changes state refreshes the documents.
 */
@Route(value = "knowledge", layout = ConsoleLayout.class)
@PageTitle("Knowledge base · Porter")
public final class KnowledgeView extends VerticalLayout {

    private final AdminServices services;

    private final Select<Property> property = new Select<>();
    private final Select<Unit> unit = new Select<>();
    /** Null for agents, who may not add documents. */
    private final KnowledgeUploadPanel upload;
    private final KnowledgeJobsPanel jobs;
    private final KnowledgeDocumentsPanel documents;
    private final KnowledgePassagesPanel passages;
    private final KnowledgeQuestionPanel question;

    public KnowledgeView() {
        services = ConsoleServices.current();
        KnowledgeLibrary knowledge = services.knowledge();
        AdminPrincipal principal = ConsoleSession.principal()
                .orElseThrow(() -> new IllegalStateException("not signed in"));
        // The service checks the role on every change; knowing it here only decides which buttons to offer.
        Actor actor = principal.actor();
        boolean admin = principal.role() == Role.ADMIN;

        H2 title = new H2("Knowledge base");
        title.getStyle().set("margin", "0");
        Span conversations = new Span("Conversations: " + services.conversations().count());
        conversations.setId("conversation-count");
        conversations.getElement().getThemeList().add("badge");
        HorizontalLayout header = new HorizontalLayout(title, conversations);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.expand(title);

        upload = admin ? new KnowledgeUploadPanel(knowledge, actor, this::track) : null;
        jobs = new KnowledgeJobsPanel(knowledge, this::refreshDocuments);
        passages = new KnowledgePassagesPanel(knowledge, admin);
        documents = new KnowledgeDocumentsPanel(knowledge, actor, admin, this::track, passages::show);
        question = new KnowledgeQuestionPanel(knowledge);

        add(header, scopeSelector());
        if (upload != null) {
            add(upload);
        }
        add(jobs, documents);

        HorizontalLayout body = new HorizontalLayout(passages, question);
        body.setWidthFull();
        body.setFlexGrow(1, body.getComponentAt(0), body.getComponentAt(1));
        add(body);
        setWidthFull();

        property.setValue(services.portfolio().find(services.demoPropertyId()).orElse(null));
        documents.show(scope());
    }

    private HorizontalLayout scopeSelector() {
        property.setId("kb-property");
        property.setLabel("Property");
        property.setWidth("18em");
        property.setItems(services.portfolio().list());
        // The label generator also labels the empty item, with null.
        property.setItemLabelGenerator(p -> p == null ? "Whole portfolio" : p.name());
        property.setEmptySelectionAllowed(true);
        property.setEmptySelectionCaption("Whole portfolio");
        property.addValueChangeListener(e -> {
            List<Unit> units = e.getValue() == null ? List.of() : services.portfolio().units(e.getValue().id());
            unit.setItems(units);
            unit.setValue(null);
            unit.setEnabled(!units.isEmpty());
            scopeChanged();
        });

        unit.setId("kb-unit");
        unit.setLabel("Unit");
        unit.setWidth("16em");
        unit.setItemLabelGenerator(u -> u == null ? "All tenants of the property"
                : u.name() == null ? u.id() : u.id() + " · " + u.name());
        unit.setEmptySelectionAllowed(true);
        unit.setEmptySelectionCaption("All tenants of the property");
        unit.setEnabled(false);
        unit.addValueChangeListener(e -> scopeChanged());

        Span hint = new Span("Uploads go to this scope. The list shows what a tenant here draws on, and questions are"
                + " answered from it.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        HorizontalLayout selector = new HorizontalLayout(property, unit, hint);
        selector.setAlignItems(FlexComponent.Alignment.BASELINE);
        return selector;
    }

    /** The selected scope: the portfolio (no property), a property, or one of its units. */
    private Scope scope() {
        Property p = property.getValue();
        Unit u = unit.getValue();
        return p == null ? Scope.PORTFOLIO : new Scope(p.id(), u == null ? null : u.id());
    }

    private void scopeChanged() {
        Scope scope = scope();
        if (upload != null) {
            upload.setScope(scope);
        }
        question.setScope(scope);
        documents.show(scope);
    }

    /** Follows a job started from this view (an upload or a re-index) and shows its document's new status. */
    private void track(IngestionJob job) {
        jobs.track(job);
        documents.refresh();
    }

    private void refreshDocuments() {
        documents.refresh();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        scopeChanged();
    }
}
