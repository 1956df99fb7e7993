package app.porter.console.vaadin;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.language.Language;
import app.porter.policy.Policies;
import app.porter.policy.PolicyDraft;
import app.porter.policy.PolicyVersion;

/**
 * The firm's guidelines: the active version (who wrote it, when, and its review date, with a warning once the
 * review is due) filled into the form; publishing the form writes a new version, active from the next tenant
 * message. Earlier versions are listed. Admins only; the service checks the role and audits.
 */
@Route(value = "policies", layout = ConsoleLayout.class)
@PageTitle("Policies · Porter")
public final class PoliciesView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());

    private final Policies policies;
    private final Span active = new Span();
    private final Span reviewDue = new Span();
    private final TextArea answerPolicy = new TextArea("Answer policy (what the generative model reads first)");
    private final TextField tone = new TextField("Tone and brand line");
    private final Map<Language, TextArea> greeting = new EnumMap<>(Language.class);
    private final TextArea topics = new TextArea("Topics that always go to a person: id | name | language | expression");
    private final TextField reviewBy = new TextField("Review by (YYYY-MM-DD)");
    private final Grid<PolicyVersion> versions = new Grid<>();

    public PoliciesView() {
        if (ConsoleSession.principal().isEmpty()) {
            policies = null;
            return; // the layout sends the visitor to sign in
        }
        policies = ConsoleServices.current().policies();
        H2 title = new H2("Policies");
        title.getStyle().set("margin", "0");
        active.setId("policy-active");
        reviewDue.setId("policy-review-due");
        reviewDue.getElement().getThemeList().add("badge error");
        answerPolicy.setId("policy-answer");
        answerPolicy.setWidthFull();
        tone.setId("policy-tone");
        tone.setWidthFull();
        VerticalLayout greetings = new VerticalLayout();
        greetings.setPadding(false);
        for (Language lang : Language.values()) {
            TextArea text = new TextArea("Greeting (" + lang.tag() + "), {property} is the property's name");
            text.setId("policy-greeting-" + lang.tag());
            text.setWidthFull();
            greeting.put(lang, text);
            greetings.add(text);
        }
        topics.setId("policy-topics");
        topics.setWidthFull();
        topics.setHeight("16em");
        topics.getStyle().set("font-family", "monospace");
        reviewBy.setId("policy-review-by");
        Button publish = new Button("Publish as a new version", click -> publish());
        publish.setId("policy-publish");
        publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        versions.setId("policy-versions");
        versions.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        versions.addColumn(v -> "v" + v.version()).setHeader("Version").setAutoWidth(true);
        versions.addColumn(PolicyVersion::author).setHeader("Author").setAutoWidth(true);
        versions.addColumn(v -> WHEN.format(v.createdAt())).setHeader("Written").setAutoWidth(true);
        versions.addColumn(v -> v.policy().reviewBy().toString()).setHeader("Review by").setAutoWidth(true);
        versions.addColumn(v -> v.policy().topics().size() + " topics").setHeader("Topics").setAutoWidth(true);
        versions.setHeight("220px");

        add(title, active, reviewDue, new Paragraph("A message about one of these topics is not answered by Porter:"
                        + " the tenant is told, in their language, that a person will reply, and the inbox gets it."
                        + " Each such decision is in the audit log with the rule that matched, never the message."
                        + " Rules are regular expressions over the message in lower case; every language's rules are"
                        + " tried on every message."),
                answerPolicy, tone, topics, new H3("Greeting"), greetings, reviewBy, publish,
                new H3("Versions"), versions);
        refresh();
    }

    private void publish() {
        LocalDate review;
        try {
            review = LocalDate.parse(reviewBy.getValue().strip());
        } catch (DateTimeException e) {
            ConsoleRoles.error("Review by must be a date, YYYY-MM-DD");
            return;
        }
        Map<Language, String> greetings = new EnumMap<>(Language.class);
        greeting.forEach((lang, field) -> greetings.put(lang, field.getValue()));
        ConsoleRoles.attempt(who -> policies.publish(who, new PolicyDraft(answerPolicy.getValue(), tone.getValue(),
                greetings, PolicyTopicLines.parse(topics.getValue()), review))).ifPresent(written -> {
            ConsoleRoles.done("Version " + written.version() + " is active from the next tenant message");
            refresh();
        });
    }

    private void refresh() {
        ConsoleRoles.attempt(policies::active).ifPresent(version -> {
            PolicyDraft policy = version.policy();
            active.setText("Active: version " + version.version() + " by " + version.author() + ", written "
                    + WHEN.format(version.createdAt()) + "; review by " + policy.reviewBy() + ".");
            boolean due = version.reviewDue(policies.today());
            reviewDue.setText(due ? "Review due: this policy was to be reviewed by " + policy.reviewBy()
                    + ". Look it over and publish it again with a new review date." : "");
            reviewDue.setVisible(due);
            answerPolicy.setValue(policy.answerPolicy());
            tone.setValue(policy.tone());
            greeting.forEach((lang, field) -> field.setValue(policy.greeting().getOrDefault(lang, "")));
            topics.setValue(PolicyTopicLines.format(policy.topics()));
            reviewBy.setValue(policy.reviewBy().toString());
        });
        ConsoleRoles.attempt(policies::versions).ifPresent(versions::setItems);
    }
}
