package app.porter.console.vaadin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import app.porter.gaps.Corrections;
import app.porter.gaps.Draft;

/**
 * "Draft an entry": a knowledge-base entry prefilled from a gap or a staff reply, for an admin to edit and publish
 * into the property's knowledge base ({@link Corrections} checks the role, audits, and closes the gap's group).
 */
final class CorrectionDialog extends Dialog {

    CorrectionDialog(Draft draft, Runnable published) {
        setHeaderTitle("Draft an entry for " + draft.propertyId());
        setWidth("40em");
        TextField question = new TextField("Question");
        question.setId("correction-question");
        question.setWidthFull();
        question.setMaxLength(Corrections.MAX_QUESTION_CHARS);
        question.setValue(draft.question());
        TextArea answer = new TextArea("Answer");
        answer.setId("correction-answer");
        answer.setWidthFull();
        answer.setMaxLength(Corrections.MAX_ANSWER_CHARS);
        answer.setMinHeight("8em");
        answer.setValue(draft.answer());
        Span hint = new Span("Tenants of this property will be quoted this answer when they ask the question."
                + " Check that it holds no one's personal details.");
        hint.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        add(question, answer, hint);

        Button publish = new Button("Publish", click -> ConsoleRoles.attempt(who -> ConsoleServices.current()
                .corrections().publish(who, new Draft(draft.propertyId(), question.getValue(), answer.getValue(),
                        draft.gapId()))).ifPresent(done -> {
                            ConsoleRoles.done("Published into the knowledge base; indexing now");
                            close();
                            published.run();
                        }));
        publish.setId("correction-publish");
        publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("correction-cancel");
        getFooter().add(cancel, publish);
    }
}
