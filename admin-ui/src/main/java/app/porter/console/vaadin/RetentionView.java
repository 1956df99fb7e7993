package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import app.porter.errors.InvalidInput;
import app.porter.privacy.DataClass;
import app.porter.privacy.PrivacyNotices;
import app.porter.privacy.PrivacyServices;
import app.porter.privacy.Retention;

/**
 * Retention, the privacy notice and keys. Each retention field previews its effect as it is edited ("412
 * conversations will be purged tonight"); saving changes all of them or none, and is audited.
 */
@Route(value = "privacy", layout = ConsoleLayout.class)
@PageTitle("Retention and privacy · Porter")
public final class RetentionView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());

    private final PrivacyServices privacy = ConsoleServices.current().privacy();
    private final Map<DataClass, IntegerField> fields = new EnumMap<>(DataClass.class);
    private final Map<DataClass, Span> previews = new EnumMap<>(DataClass.class);
    private final Span headline = new Span();
    private final TextArea notice = new TextArea("Privacy notice shown before a tenant's first message");
    private final Span noticeVersion = new Span();
    private final Span kek = new Span();

    public RetentionView() {
        H2 title = new H2("Retention and privacy");
        title.getStyle().set("margin", "0");
        headline.setId("retention-headline");
        headline.getElement().getThemeList().add("badge");

        VerticalLayout policy = new VerticalLayout();
        policy.setPadding(false);
        Retention.Preview preview = privacy.retention().preview();
        for (Retention.ClassPreview c : preview.classes()) {
            IntegerField days = new IntegerField(c.dataClass().label());
            days.setId("retention-" + c.dataClass().id());
            days.setSuffixComponent(new Span("days"));
            days.setMin(c.dataClass().minDays());
            days.setMax(DataClass.MAX_DAYS);
            days.setStepButtonsVisible(true);
            days.setValue(c.days());
            days.setWidth("16em");
            Span effect = new Span();
            effect.setId("retention-preview-" + c.dataClass().id());
            effect.getStyle().set("color", "var(--lumo-secondary-text-color)");
            days.addValueChangeListener(e -> showPreview(c.dataClass()));
            fields.put(c.dataClass(), days);
            previews.put(c.dataClass(), effect);
            HorizontalLayout row = new HorizontalLayout(days, effect);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            policy.add(row);
        }
        Button save = new Button("Save retention policy", click -> save());
        save.setId("retention-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        notice.setId("notice-text");
        notice.setWidth("40em");
        notice.setMaxLength(PrivacyNotices.MAX_CHARS);
        Button publish = new Button("Publish new version", click -> publish());
        publish.setId("notice-publish");
        noticeVersion.setId("notice-version");
        showNotice();

        Pre publicKey = new Pre(privacy.applianceKey().publicKeyPem());
        publicKey.setId("public-key");
        Button rotate = new Button("Rotate key-encryption key", click -> confirmRotation());
        rotate.setId("kek-rotate");
        kek.setText("Key-encryption key version " + privacy.keys().currentVersion());
        kek.setId("kek-version");

        add(title, headline, new H3("How long data is kept"),
                new Paragraph("Each night at the purge time, data idle longer than this is destroyed: its keys"
                        + " first, then its rows. Conversations under legal hold are kept."),
                policy, save,
                new H3("Privacy notice"), noticeVersion, notice, publish,
                new H3("Keys"), new Paragraph("Erasure receipts and audit checkpoints are signed with this Ed25519"
                        + " key (id " + privacy.applianceKey().keyId() + "); anyone can check them with it."),
                publicKey, kek, rotate);
        setWidthFull();
        fields.keySet().forEach(this::showPreview);
        showHeadline();
    }

    private void showPreview(DataClass dataClass) {
        Integer days = fields.get(dataClass).getValue();
        Span effect = previews.get(dataClass);
        if (days == null) {
            effect.setText("");
            return;
        }
        try {
            long due = privacy.retention().previewWith(dataClass, days);
            boolean enforced = privacy.retention().preview().classes().stream()
                    .anyMatch(c -> c.dataClass() == dataClass && c.enforced());
            effect.setText(enforced ? due + " will be purged tonight" : "nothing of this kind is stored yet");
        } catch (InvalidInput e) {
            effect.setText(e.getMessage());
        }
    }

    private void showHeadline() {
        Retention.Preview preview = privacy.retention().preview();
        long conversations = preview.due(DataClass.CONVERSATIONS);
        headline.setText(conversations + (conversations == 1 ? " conversation" : " conversations")
                + " will be purged tonight (" + WHEN.format(preview.nextRun()) + ")");
    }

    private void save() {
        Map<String, Long> changes = new LinkedHashMap<>();
        for (Map.Entry<DataClass, IntegerField> f : fields.entrySet()) {
            Integer value = f.getValue().getValue();
            if (value == null) {
                ConsoleRoles.error(f.getKey().label() + ": enter a number of days");
                return;
            }
            changes.put(f.getKey().id(), value.longValue());
        }
        if (ConsoleRoles.run(who -> privacy.retention().update(who, changes))) {
            ConsoleRoles.done("Retention policy saved");
        }
        showHeadline();
    }

    private void showNotice() {
        PrivacyNotices.Notice current = privacy.notices().current();
        notice.setValue(current.text());
        noticeVersion.setText("Version " + current.version() + ", published " + WHEN.format(current.publishedAt()));
    }

    private void publish() {
        ConsoleRoles.attempt(who -> privacy.notices().publish(who, notice.getValue())).ifPresent(published -> {
            ConsoleRoles.done("Notice version " + published.version() + " published");
            showNotice();
        });
    }

    /** Like the API's {"confirm": true}: a rotation cannot be undone, so one click only asks. */
    private void confirmRotation() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Rotate the key-encryption key?");
        dialog.add(new Paragraph("Every data key is rewrapped under a new key-encryption key. This cannot be undone."));
        Button confirm = new Button("Rotate", click -> {
            dialog.close();
            rotate();
        });
        confirm.setId("kek-rotate-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> dialog.close());
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
    }

    private void rotate() {
        ConsoleRoles.attempt(privacy::rotateKek).ifPresent(rotation -> {
            ConsoleRoles.done("Key-encryption key rotated to version " + rotation.toVersion() + ": "
                    + rotation.rewrapped() + " data keys rewrapped");
            kek.setText("Key-encryption key version " + rotation.toVersion());
        });
    }
}
