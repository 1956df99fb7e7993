package app.porter.suites;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.chat.Answerer;
import app.porter.chat.Conversations;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * Acceptance suites: a firm's scenarios run against the appliance as it is now (its documents, flows, policies and
 * model), in rehearsal, so nothing reaches tenants, staff or analytics. Each run is audited and its pass rate kept,
 * per suite, for the history.
 */
public final class Suites {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("suites", 1));

    /** A finished run. */
    public record Run(String id, String suite, Instant ranAt, String ranBy, int passed, int total,
                      List<Outcome> scenarios) {
        public Run {
            scenarios = List.copyOf(scenarios);
        }

        public boolean allPassed() {
            return passed == total;
        }
    }

    /** One scenario of a run: its name, whether it passed, and why not. */
    public record Outcome(String name, boolean passed, List<String> failures) {
        public Outcome {
            failures = List.copyOf(failures);
        }
    }

    /** A past run, without its details. */
    public record Past(String id, String suite, Instant ranAt, String ranBy, int passed, int total,
                       List<String> failed) {
        public Past {
            failed = List.copyOf(failed);
        }
    }

    private final Conversations conversations;
    private final SuiteRunner runner;
    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final SuiteFiles files;

    /** A suite file in the data folder, with its last run (empty before the first). */
    public record Listed(String name, Path file, Optional<Past> lastRun) {
    }

    public Suites(Conversations conversations, Database database, AuditLog audit, Clock clock, SuiteFiles files) {
        this.conversations = conversations;
        this.runner = new SuiteRunner(conversations, null);
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.files = files;
    }

    /** The suites folder in the data directory. */
    public SuiteFiles files() {
        return files;
    }

    /** The suite files of the data folder with their last runs, by name (admins and agents). */
    public List<Listed> listed(Actor actor) {
        actor.require("reading acceptance suites", Role.ADMIN, Role.AGENT);
        List<Listed> listed = new ArrayList<>();
        for (SuiteFiles.Entry file : files.list()) {
            listed.add(new Listed(file.name(), file.path(), history(actor, file.name(), 1).stream().findFirst()));
        }
        return listed;
    }

    /**
     * Runs {@code suite}: admins and agents (a suite changes nothing); audited, and its pass rate recorded.
     *
     * @param progress told of each scenario as it finishes
     */
    public Run run(Actor actor, Suite suite, Consumer<Outcome> progress) {
        return run(actor, suite, progress, null);
    }

    /** An automatic run ({@link SuiteAutoRun}): recorded like any, and audited with {@code reason}. */
    public Run run(Actor actor, Suite suite, String reason) {
        return run(actor, suite, outcome -> { }, reason);
    }

    /**
     * Rehearses {@code suites} answered by {@code answerer} (null: the serving one) and returns the share of
     * scenarios that passed (1 when there are none). Records nothing: model activation compares a candidate with
     * the active model this way ({@link ModelRehearsal}).
     */
    public double passRate(List<Suite> suites, Answerer answerer) {
        SuiteRunner with = answerer == null ? runner : new SuiteRunner(conversations, answerer);
        int passed = 0;
        int total = 0;
        for (Suite suite : suites) {
            for (SuiteRunner.ScenarioResult result : with.run(suite, r -> { })) {
                total++;
                passed += result.passed() ? 1 : 0;
            }
        }
        return total == 0 ? 1 : (double) passed / total;
    }

    private Run run(Actor actor, Suite suite, Consumer<Outcome> progress, String reason) {
        actor.require("running acceptance suites", Role.ADMIN, Role.AGENT);
        List<Outcome> outcomes = new ArrayList<>();
        runner.run(suite, result -> {
            Outcome outcome = new Outcome(result.name(), result.passed(), result.failures());
            outcomes.add(outcome);
            progress.accept(outcome);
        });
        int passed = (int) outcomes.stream().filter(Outcome::passed).count();
        Run run = new Run(UUID.randomUUID().toString(), suite.name(), clock.instant(), actor.who(), passed,
                outcomes.size(), outcomes);
        List<String> failed = outcomes.stream().filter(o -> !o.passed()).map(Outcome::name).toList();
        database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO suite_runs"
                    + " (id, suite, ran_at, ran_by, passed, total, failed) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, run.id());
                insert.setString(2, run.suite());
                insert.setString(3, run.ranAt().toString());
                insert.setString(4, run.ranBy());
                insert.setInt(5, passed);
                insert.setInt(6, run.total());
                insert.setString(7, String.join("\n", failed));
                insert.executeUpdate();
            }
            audit.append(connection, actor.who(), "suite.run", suite.name(),
                    passed + " of " + run.total() + " scenarios passed" + (reason == null ? "" : ", " + reason));
            return null;
        });
        return run;
    }

    /** Past runs of {@code suite} (null: every suite), newest first, up to {@code limit}. */
    public List<Past> history(Actor actor, String suite, int limit) {
        actor.require("reading suite runs", Role.ADMIN, Role.AGENT);
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, suite, ran_at, ran_by, passed,"
                    + " total, failed FROM suite_runs WHERE ?1 IS NULL OR suite = ?1 ORDER BY ran_at DESC LIMIT ?2")) {
                query.setString(1, suite);
                query.setInt(2, limit);
                List<Past> runs = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        String failed = row.getString(7);
                        runs.add(new Past(row.getString(1), row.getString(2), Instant.parse(row.getString(3)),
                                row.getString(4), row.getInt(5), row.getInt(6),
                                failed.isEmpty() ? List.of() : List.of(failed.split("\n"))));
                    }
                }
                return runs;
            }
        });
    }
}
