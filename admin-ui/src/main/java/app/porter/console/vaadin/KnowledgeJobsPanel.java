package app.porter.console.vaadin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.shared.Registration;

import app.porter.knowledge.IngestionJob;
import app.porter.knowledge.KnowledgeLibrary;

/**
 * The ingestion jobs started from the knowledge view, one progress bar each, kept until the view is left. The
 * console has no server push, so while a job runs this polls the library and redraws; it stops polling when every
 * job has finished, and tells the view when a job's state changed so the document list shows the new status.
 */
final class KnowledgeJobsPanel extends Composite<VerticalLayout> {

    private static final int POLL_MILLIS = 500;

    private final KnowledgeLibrary knowledge;
    private final Runnable stateChanged;
    private final VerticalLayout rows = new VerticalLayout();
    /** Jobs started from this view, shown with a progress bar until they finish (and briefly after). */
    private final Map<String, IngestionJob> tracked = new LinkedHashMap<>();
    private Registration polling;

    /** @param stateChanged run when a tracked job moves to another state (queued, running, done, failed) */
    KnowledgeJobsPanel(KnowledgeLibrary knowledge, Runnable stateChanged) {
        this.knowledge = knowledge;
        this.stateChanged = stateChanged;
        rows.setId("kb-jobs");
        rows.setPadding(false);
        rows.setSpacing(false);
    }

    @Override
    protected VerticalLayout initContent() {
        return rows;
    }

    /** Shows {@code job} and follows it until it finishes. */
    void track(IngestionJob job) {
        tracked.put(job.id(), job);
        startPolling();
        refresh();
    }

    /** Polls while jobs run, so progress bars move without server push. */
    private void startPolling() {
        getUI().ifPresent(ui -> {
            ui.setPollInterval(POLL_MILLIS);
            if (polling == null) {
                polling = ui.addPollListener(e -> refresh());
            }
        });
    }

    private void stopPolling() {
        getUI().ifPresent(ui -> ui.setPollInterval(-1));
        if (polling != null) {
            polling.remove();
            polling = null;
        }
    }

    private void refresh() {
        boolean changed = false;
        boolean running = false;
        for (Map.Entry<String, IngestionJob> entry : tracked.entrySet()) {
            IngestionJob now = knowledge.job(entry.getKey()).orElse(entry.getValue());
            changed |= !now.state().equals(entry.getValue().state());
            running |= !now.finished();
            entry.setValue(now);
        }
        rows.removeAll();
        for (IngestionJob job : tracked.values()) {
            rows.add(row(job));
        }
        if (changed) {
            stateChanged.run();
        }
        if (!running) {
            stopPolling();
        }
    }

    private static Component row(IngestionJob job) {
        ProgressBar bar = new ProgressBar(0, 1, job.progress());
        bar.setWidth("16em");
        if (job.state().equals(IngestionJob.FAILED)) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
        } else if (job.state().equals(IngestionJob.DONE)) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_SUCCESS);
        }
        String label = job.filename() + ": " + switch (job.state()) {
            case IngestionJob.QUEUED -> "waiting";
            case IngestionJob.RUNNING -> "indexing " + job.done() + " of " + job.total() + " passages";
            case IngestionJob.DONE -> "indexed, " + job.total() + " passages";
            case IngestionJob.SUPERSEDED -> "replaced by a newer upload";
            default -> "failed: " + Objects.requireNonNullElse(job.detail(), "unknown error");
        };
        Span text = new Span(label);
        HorizontalLayout row = new HorizontalLayout(bar, text);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        row.addClassName("kb-job");
        row.getElement().setAttribute("data-state", job.state());
        return row;
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stopPolling();
        super.onDetach(event);
    }
}
