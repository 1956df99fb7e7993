package app.porter.console.vaadin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;

import org.jfree.data.category.DefaultCategoryDataset;

import app.porter.access.Actor;
import app.porter.suites.Suite;
import app.porter.suites.SuiteChanges;
import app.porter.suites.Suites;

/**
 * Acceptance suites: the firm's suite files in the data folder with their last pass rates; "Run" rehearses one
 * scenario by scenario on a background thread (the UI polls for progress, no server push), then shows each
 * scenario's result, its failures, and whether it flipped since the suite's previous run; below, the past runs.
 * Running goes through the same {@link Suites} as the admin API: role-checked and audited there.
 */
@Route(value = "suites", layout = ConsoleLayout.class)
@PageTitle("Acceptance suites · Porter")
public final class SuitesView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    /** A run's point on the chart: to the second, so two runs in a minute stay two points. */
    private static final DateTimeFormatter WHEN_EXACT = DateTimeFormatter.ofPattern("MMM d HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** A scenario's row in the result table. */
    record Row(String name, boolean passed, String failures, String change) {
    }

    private final Suites suites;
    private final Actor actor;
    private final Grid<Suites.Listed> list = new Grid<>();
    private final Span status = new Span();
    private final ProgressBar progress = new ProgressBar(0, 1);
    private final Grid<Row> results = new Grid<>();
    private final Grid<Suites.Past> history = new Grid<>();
    private final Div chart = new Div();
    private final List<Row> rows = new ArrayList<>();
    private volatile boolean running;
    private volatile int progressTotal = 1;
    private Registration poll;

    public SuitesView() {
        suites = ConsoleServices.current().suites();
        // Taken now: a run goes on off the UI thread, where there is no session to ask.
        actor = ConsoleRoles.actor().orElse(null);
        H2 title = new H2("Acceptance suites");
        title.getStyle().set("margin", "0");
        Paragraph about = new Paragraph("Scenarios rehearsed against the appliance as it is now; suite"
                + " conversations are stored nowhere and never reach staff or analytics. Suite files: "
                + suites.files().folder().resolve("*.yaml"));

        list.setId("suites");
        list.addColumn(Suites.Listed::name).setHeader("Suite").setAutoWidth(true);
        list.addColumn(s -> s.file().getFileName().toString()).setHeader("File").setAutoWidth(true);
        list.addColumn(s -> s.lastRun().map(r -> WHEN.format(r.ranAt())).orElse("never")).setHeader("Last run");
        list.addColumn(s -> s.lastRun().map(SuitesView::rate).orElse("")).setHeader("Pass rate");
        list.addComponentColumn(s -> {
            Button run = new Button("Run", click -> run(s));
            run.setId("run-" + s.name());
            run.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
            return run;
        }).setHeader("");
        list.setAllRowsVisible(true);

        status.setId("suite-status");
        progress.setId("suite-progress");
        progress.setWidth("24em");
        progress.setVisible(false);
        results.setId("suite-results");
        results.addColumn(Row::name).setHeader("Scenario").setAutoWidth(true).setFlexGrow(1);
        results.addColumn(r -> r.passed() ? "PASS" : "FAIL").setHeader("Result").setAutoWidth(true);
        results.addColumn(Row::failures).setHeader("Why it failed").setFlexGrow(2);
        results.addColumn(Row::change).setHeader("Changed since last run").setAutoWidth(true);
        results.setAllRowsVisible(true);
        history.setId("suite-history");
        history.addColumn(Suites.Past::suite).setHeader("Suite").setAutoWidth(true);
        history.addColumn(r -> WHEN.format(r.ranAt())).setHeader("Ran at").setAutoWidth(true);
        history.addColumn(SuitesView::rate).setHeader("Pass rate").setAutoWidth(true);
        history.addColumn(r -> String.join(", ", r.failed())).setHeader("Failed").setFlexGrow(1);
        history.setAllRowsVisible(true);
        chart.setId("suite-chart");
        chart.setWidthFull();
        add(title, about, list, status, progress, results, new H3("Pass rate over time"), chart,
                new H3("Past runs"), history);
        refresh();
    }

    private static String rate(Suites.Past run) {
        return run.passed() + " of " + run.total() + " (" + Math.round(100.0 * run.passed() / Math.max(1, run.total()))
                + "%)";
    }

    /** Reads the file and rehearses it off the UI thread; the poll shows each scenario as it finishes. */
    private void run(Suites.Listed listed) {
        if (running || actor == null) {
            return;
        }
        Optional<Suite> suite = ConsoleRoles.attempt(a -> suites.files().file(listed.name())
                .map(suites.files()::read).orElse(null));
        if (suite.isEmpty()) {
            return;
        }
        progressTotal = suite.get().scenarios().size();
        running = true;
        synchronized (rows) {
            rows.clear();
        }
        results.setItems(List.of());
        progress.setVisible(true);
        progress.setValue(0);
        status.setText("Running " + listed.name() + "\u2026");
        UI ui = UI.getCurrent();
        Thread.ofVirtual().name("porter-console-suite").start(() -> {
            String message;
            List<Row> finished = null;
            try {
                Optional<Suites.Past> previous = suites.history(actor, suite.get().name(), 1).stream().findFirst();
                Suites.Run run = suites.run(actor, suite.get(), outcome -> {
                    synchronized (rows) {
                        rows.add(new Row(outcome.name(), outcome.passed(), String.join("; ", outcome.failures()),
                                ""));
                    }
                });
                Map<String, SuiteChanges.Change> changes = SuiteChanges.since(run, previous);
                finished = run.scenarios().stream().map(o -> new Row(o.name(), o.passed(),
                        String.join("; ", o.failures()), change(changes.get(o.name())))).toList();
                message = run.suite() + ": " + run.passed() + " of " + run.total() + " scenarios passed";
            } catch (RuntimeException e) { // a refusal (DomainException) with its reason, or a failure
                message = "Refused: " + e.getMessage();
            }
            String text = message;
            List<Row> table = finished;
            ui.access(() -> {
                running = false;
                progress.setVisible(false);
                status.setText(text);
                if (table != null) {
                    results.setItems(table);
                }
                refresh();
            });
        });
    }

    private static String change(SuiteChanges.Change change) {
        return switch (change) {
            case NOW_FAILS -> "now fails";
            case NOW_PASSES -> "now passes";
            case SAME -> "";
            case FIRST_RUN -> "first run";
        };
    }

    private void showProgress() {
        List<Row> sofar;
        synchronized (rows) {
            sofar = List.copyOf(rows);
        }
        progress.setValue(Math.min(1.0, sofar.size() / (double) Math.max(1, progressTotal)));
        status.setText("Running: " + sofar.size() + " of " + progressTotal + " scenarios done");
        results.setItems(sofar);
    }

    /** Each suite's pass rate per run, oldest first, as a server-drawn SVG line chart. */
    private void drawPassRates(List<Suites.Past> newestFirst) {
        chart.removeAll();
        if (newestFirst.isEmpty()) {
            chart.add(new Span("No runs yet."));
            return;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Suites.Past run : newestFirst.reversed()) {
            data.addValue(100.0 * run.passed() / Math.max(1, run.total()), run.suite(), WHEN_EXACT.format(run.ranAt()));
        }
        chart.add(new Html("<div style=\"width:100%;max-width:900px\">"
                + ChartSvg.lines("suite-pass-rates", "% of scenarios passed", data, 100, 900, 300) + "</div>"));
    }

    private void refresh() {
        ConsoleRoles.attempt(a -> {
            list.setItems(suites.listed(a));
            List<Suites.Past> past = suites.history(a, null, 50);
            history.setItems(past);
            drawPassRates(past);
            return true;
        });
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(500); // progress while a suite runs; no server push needed
        // The listener lives on the UI, which outlives this view: removed on detach, else every visit adds one.
        poll = event.getUI().addPollListener(tick -> {
            if (running) {
                showProgress();
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
