package app.porter.console.vaadin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;

import app.porter.access.Actor;
import app.porter.errors.DomainException;
import app.porter.modelimport.ImportJob;
import app.porter.modelimport.ImportProgress;
import app.porter.modelimport.ModelImporter;
import app.porter.modelimport.ModelImports;
import app.porter.modelimport.VerificationReport;
import app.porter.modelimport.WeightFormat;

/**
 * The Models page's import form: a GGUF file or safetensors folder already on the server becomes an installed model.
 * The import runs as a job ({@link ModelImports}, the same as the admin API's); the panel follows the newest one with
 * its phase and a progress bar, and tells when it is installed or why it was not.
 */
final class ModelImportPanel extends VerticalLayout {

    private final ModelImports imports;
    private final Actor actor;
    private final Runnable installed;
    private final TextField source = new TextField("GGUF file or checkpoint folder on the server");
    private final TextField name = new TextField("Name (optional)");
    private final Select<WeightFormat> format = new Select<>();
    private final Checkbox activate = new Checkbox("Switch to it once installed", true);
    private final Button start = new Button("Import");
    private final Span state = new Span();
    private final ProgressBar progress = new ProgressBar(0, 1);
    private String followed;
    private String announced;
    private Registration poll;

    /** @param installed told when an import has installed a model, so the page lists it */
    ModelImportPanel(ModelImports imports, Actor actor, Runnable installed) {
        this.imports = imports;
        this.actor = actor;
        this.installed = installed;
        setPadding(false);
        source.setId("import-source");
        source.setPlaceholder("/srv/models/SmolLM2-135M-Instruct-Q4_0.gguf");
        source.setWidth("32em");
        name.setId("import-name");
        format.setId("import-format");
        format.setLabel("Weights");
        format.setItems(WeightFormat.values());
        format.setValue(WeightFormat.AS_SOURCE);
        format.setItemLabelGenerator(ModelImportPanel::label);
        activate.setId("import-activate");
        start.setId("import-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addClickListener(click -> start());
        state.setId("import-state");
        progress.setId("import-progress");
        progress.setWidth("24em");
        progress.setVisible(false);
        HorizontalLayout form = new HorizontalLayout(source, format, name, activate, start);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        H3 heading = new H3("Import a GGUF or safetensors checkpoint");
        heading.getStyle().set("margin", "0");
        add(heading, new Paragraph("A .gguf file (" + ModelImporter.GGUF_TYPES + ") or a Hugging Face folder"
                + " (config.json, *.safetensors, tokenizer.json) of the Llama family: Llama, Qwen, Mistral, Phi-3,"
                + " Gemma, Granite, OLMo 2, SmolLM. It is written as an ONNX graph, checked against Porter's own"
                + " reference of the weights it holds, and installed."), form, state, progress);
        latest().ifPresent(this::show);
    }

    private static String label(WeightFormat f) {
        return switch (f) {
            case AS_SOURCE -> "As the source (q4_0 / q8_0 blocks kept exactly)";
            case F32 -> "f32";
            case INT8 -> "int8 (8-bit blocks of 32)";
            case INT4 -> "int4 (4-bit blocks of 32)";
        };
    }

    private void start() {
        String path = source.getValue().strip();
        if (path.isEmpty() || !Path.of(path).isAbsolute()) {
            source.setInvalid(true);
            source.setErrorMessage("an absolute path on the server");
            return;
        }
        source.setInvalid(false);
        try {
            ModelImporter.Request request = new ModelImporter.Request(Path.of(path),
                    Optional.of(name.getValue().strip()).filter(s -> !s.isEmpty()), format.getValue(), activate.getValue());
            ImportJob job = imports.start(actor, request);
            followed = job.id();
            show(job);
        } catch (DomainException e) { // a refusal with its reason: nothing was started
            Notification n = Notification.show("Refused: " + e.getMessage(), 8000, Notification.Position.BOTTOM_START);
            n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    private Optional<ImportJob> latest() {
        List<ImportJob> jobs = imports.jobs(actor);
        if (followed != null) {
            return jobs.stream().filter(j -> j.id().equals(followed)).findFirst();
        }
        return jobs.stream().findFirst();
    }

    private void show(ImportJob job) {
        followed = job.id();
        boolean running = !job.finished();
        start.setEnabled(!running);
        progress.setVisible(running);
        progress.setValue(job.progress());
        state.setText(switch (job.state()) {
            case ImportJob.QUEUED -> "Importing " + job.name() + ": waiting for the previous import";
            case ImportJob.RUNNING -> "Importing " + job.name() + ": " + job.phase().map(ModelImportPanel::phase)
                    .orElse("starting") + " (" + job.done() + " of " + job.total() + ")";
            case ImportJob.DONE -> "Imported " + job.name() + ". " + job.verification().map(VerificationReport::summary)
                    .orElse("");
            default -> "Import of " + job.name() + " failed: " + job.detail().orElse("no reason given");
        });
        if (job.finished() && !job.id().equals(announced)) {
            announced = job.id();
            if (job.state().equals(ImportJob.DONE)) {
                installed.run();
            }
        }
    }

    private static String phase(ImportProgress.Phase p) {
        return switch (p) {
            case READ -> "reading the checkpoint";
            case WRITE -> "writing the ONNX graph";
            case VERIFY -> "checking it against the reference";
        };
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // The Models view sets the poll interval; this only follows the job on each tick.
        poll = event.getUI().addPollListener(tick -> latest().ifPresent(this::show));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (poll != null) {
            poll.remove();
            poll = null;
        }
    }
}
