package app.porter.console.vaadin;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.errors.DomainException;
import app.porter.inference.ActiveModel;
import app.porter.models.ModelManager;

/**
 * Generative models: which one answers tenants, the installed ones, and installing a new one from a folder or
 * archive on the server, with its progress (copy, checksum verification, load) shown while it runs, or importing
 * a GGUF / safetensors checkpoint ({@link ModelImportPanel}). Installing,
 * switching and removing go through the same {@link ModelManager} as the admin API, so they are verified and
 * audited the same way; only admins may do them.
 */
@Route(value = "models", layout = ConsoleLayout.class)
@PageTitle("Models · Porter")
public final class ModelsView extends VerticalLayout {

    private final ModelManager models;
    private final Span state = new Span();
    private final Paragraph detail = new Paragraph();
    private final ProgressBar progress = new ProgressBar(0, 1);
    private final Grid<ModelManager.Installed> grid = new Grid<>();
    private final TextField source = new TextField("Folder or archive on the server");
    private final TextField name = new TextField("Name (optional)");
    private final Button install = new Button("Install and switch");
    private final Actor actor;
    private volatile boolean installing;
    private Registration poll;

    public ModelsView() {
        models = ConsoleServices.current().models();
        // Taken now: model changes run off the UI thread, where there is no session to ask. Null before sign-in
        // (the layout sends the visitor to sign in).
        actor = ConsoleRoles.actor().orElse(null);
        // The service checks the role; knowing it here only decides which controls to offer.
        boolean admin = actor != null && actor.role() == Role.ADMIN;

        H2 title = new H2("Models");
        title.getStyle().set("margin", "0");
        state.setId("model-state");
        state.getElement().getThemeList().add("badge");
        detail.setId("model-detail");
        detail.getStyle().set("margin", "0");
        progress.setId("model-progress");
        progress.setWidth("24em");
        HorizontalLayout header = new HorizontalLayout(title, state);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("models");
        grid.addColumn(m -> m.active() ? "\u2713 active" : "").setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(m -> m.manifest().name()).setHeader("Model").setFlexGrow(2);
        grid.addColumn(m -> m.manifest().templateFamily()).setHeader("Chat template").setAutoWidth(true);
        grid.addColumn(m -> m.manifest().licence()).setHeader("Licence").setAutoWidth(true);
        grid.addColumn(m -> String.format(Locale.ROOT, "%.1f MB", m.manifest().totalBytes() / 1048576.0))
                .setHeader("Size").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(m -> m.verified() ? "sha256 verified" : "checksums recorded").setHeader("Integrity")
                .setAutoWidth(true);
        grid.addColumn(m -> m.manifest().source()).setHeader("Source").setFlexGrow(3);
        if (admin) {
            grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        }
        grid.setAllRowsVisible(true);

        add(header, detail, progress, grid);
        if (admin) {
            source.setId("model-source");
            source.setPlaceholder("/srv/models/qwen2.5-0.5b-instruct or ...tar.gz");
            source.setWidth("32em");
            name.setId("model-name");
            install.setId("model-install");
            install.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            install.addClickListener(click -> startInstall());
            HorizontalLayout form = new HorizontalLayout(source, name, install);
            form.setAlignItems(FlexComponent.Alignment.BASELINE);
            H3 heading = new H3("Install a model");
            heading.getStyle().set("margin", "0");
            add(heading, new Paragraph("A Hugging Face ONNX decoder folder (model.onnx, tokenizer.json, config.json,"
                    + " ...) or a .zip / .tar / .tar.gz of one. Its porter-model.json, when present, is checked file by"
                    + " file (sha256); the model is loaded and tested beside the serving one, then switched to."), form);
            add(new ModelImportPanel(ConsoleServices.current().imports(), actor, this::refresh));
        }
        refresh();
        setWidthFull();
    }

    private HorizontalLayout actions(ModelManager.Installed m) {
        Button activate = new Button("Switch to", click -> run(() -> models.activate(actor, m.manifest().name()),
                "Now answering with " + m.manifest().name()));
        activate.setEnabled(!m.active());
        activate.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button remove = new Button("Remove", click -> run(() -> models.remove(actor, m.manifest().name()),
                "Removed " + m.manifest().name()));
        remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(activate, remove);
    }


    /** Runs a model change off the UI thread; the poll listener shows its progress meanwhile. */
    private void run(Runnable work, String success) {
        if (installing || actor == null) {
            return;
        }
        installing = true;
        install.setEnabled(false);
        UI ui = UI.getCurrent();
        Thread.ofVirtual().name("porter-console-model").start(() -> {
            String message;
            boolean ok;
            try {
                work.run();
                message = success;
                ok = true;
            } catch (RuntimeException e) { // a refusal (DomainException) with its reason, or a failure
                message = "Refused: " + e.getMessage();
                ok = false;
            }
            String text = message;
            boolean good = ok;
            ui.access(() -> {
                installing = false;
                install.setEnabled(true);
                Notification n = Notification.show(text, 8000, Notification.Position.BOTTOM_START);
                n.addThemeVariants(good ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
                refresh();
            });
        });
    }

    private void startInstall() {
        String path = source.getValue().strip();
        if (path.isEmpty() || !Path.of(path).isAbsolute()) {
            source.setInvalid(true);
            source.setErrorMessage("an absolute path on the server");
            return;
        }
        source.setInvalid(false);
        Optional<String> as = Optional.of(name.getValue().strip()).filter(s -> !s.isEmpty());
        run(() -> models.install(actor, Path.of(path), as, true), "Installed and switched to "
                + as.orElse(Path.of(path).getFileName().toString()));
    }

    private void refresh() {
        ActiveModel.Status s = models.activeModel().status();
        state.setText(switch (s.state()) {
            case "ready" -> "Generative: " + s.name();
            case "loading" -> "Loading " + s.name() + "\u2026";
            case "failed" -> "Extractive (" + s.name() + " refused)";
            default -> "Extractive mode";
        });
        boolean loading = "loading".equals(s.state());
        detail.setText(loading ? s.stage() : s.detail());
        progress.setVisible(loading);
        progress.setValue(s.progress());
        try {
            grid.setItems(actor == null ? List.of() : models.list(actor));
        } catch (DomainException | UncheckedIOException e) {
            grid.setItems(List.of()); // refreshed by the poll too: no notification each time
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(500); // progress while a model loads; no server push needed
        // The listener lives on the UI, which outlives this view: removed on detach, else every visit adds one.
        poll = event.getUI().addPollListener(tick -> {
            if (installing || "loading".equals(models.activeModel().status().state())) {
                refresh();
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (poll != null) {
            poll.remove();
            poll = null;
        }
    }
}
