package app.porter.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import jakarta.json.Json;

import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;

/**
 * The firm's guidelines, versioned: the answer policy the generative model reads, the tone line, the greeting, and
 * the topics that always go to a person. The highest version is active; publishing a new one takes effect with the
 * next tenant message (no restart). Reading and publishing need the admin role; publishing is audited.
 */
public final class Policies {

    public static final List<Migration> MIGRATIONS = List.of(Migration.of("policy", 1));

    /** A message matched a topic of the active version. */
    public record TopicMatch(PolicyTopic topic, int version) {
        /** How the audit log names the rule: {@code legal-threat (policy v3)}. */
        public String rule() {
            return topic.id() + " (policy v" + version + ")";
        }
    }

    private record Active(PolicyVersion version, TopicRules rules) {
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Active active;
    private volatile Runnable onPublish = () -> { };

    /**
     * Opens the policy set, writing its first version when there is none.
     *
     * @param firstAnswerPolicy the first version's answer policy ({@code porter.generation.policy})
     */
    public Policies(Database database, AuditLog audit, Clock clock, String firstAnswerPolicy) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        PolicyVersion latest = latest().orElseGet(() -> write("system",
                firstVersion(firstAnswerPolicy, today()), "first version"));
        this.active = new Active(latest, new TopicRules(latest.policy().topics()));
    }

    /** The active version. */
    public PolicyVersion active() {
        return active.version();
    }

    /** The active version, for staff (admin role). */
    public PolicyVersion active(Actor actor) {
        actor.require("reading the policies", Role.ADMIN);
        return active();
    }

    /** Every version, newest first (admin role). */
    public List<PolicyVersion> versions(Actor actor) {
        actor.require("reading the policies", Role.ADMIN);
        return database.read(connection -> {
            List<PolicyVersion> versions = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT version, author, created_at, policy FROM policy_versions ORDER BY version DESC");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    versions.add(row(rows));
                }
            }
            return versions;
        });
    }

    /** Writes {@code draft} as the next version and makes it active (admin role; audited). */
    public PolicyVersion publish(Actor actor, PolicyDraft draft) {
        actor.require("changing the policies", Role.ADMIN);
        PolicyVersion written;
        synchronized (this) {
            written = write(actor.who(), draft,
                    draft.topics().size() + " topics, review by " + draft.reviewBy());
            active = new Active(written, new TopicRules(draft.topics()));
        }
        onPublish.run();
        return written;
    }

    /** {@code listener} is told after each version is published; it must only hand work off. */
    public void onPublish(Runnable listener) {
        onPublish = listener;
    }

    /** The topic of the active version that {@code normalized} (a tenant message, normalised) is about, if any. */
    public Optional<TopicMatch> topic(String normalized, Language language) {
        Active now = active;
        return now.rules().match(normalized, language == null ? Language.EN : language)
                .map(topic -> new TopicMatch(topic, now.version().version()));
    }

    /** What the generative model reads first in every prompt: the active answer policy and tone. */
    public String promptText() {
        return active.version().promptText();
    }

    /** Today, for review dates. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault());
    }

    /** Writes the next version and its audit entry, in one transaction. */
    private PolicyVersion write(String author, PolicyDraft draft, String auditDetail) {
        Instant now = clock.instant();
        return database.transaction(connection -> {
            int next;
            try (PreparedStatement max = connection.prepareStatement(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM policy_versions");
                 ResultSet row = max.executeQuery()) {
                next = row.next() ? row.getInt(1) : 1;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO policy_versions (version, author, created_at, review_by, policy) VALUES (?, ?, ?, ?, ?)")) {
                insert.setInt(1, next);
                insert.setString(2, author);
                insert.setString(3, now.toString());
                insert.setString(4, draft.reviewBy().toString());
                insert.setString(5, PolicyJson.json(draft).build().toString());
                insert.executeUpdate();
            }
            audit.append(connection, author, "policy.version.published", "policy/v" + next, auditDetail);
            return new PolicyVersion(next, draft, author, now);
        });
    }

    private Optional<PolicyVersion> latest() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT version, author, created_at, policy FROM policy_versions ORDER BY version DESC LIMIT 1");
                 ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row(row)) : Optional.empty();
            }
        });
    }

    private static PolicyVersion row(ResultSet row) throws java.sql.SQLException {
        try (var reader = Json.createReader(new StringReader(row.getString(4)))) {
            return new PolicyVersion(row.getInt(1), PolicyJson.stored(reader.readObject()), row.getString(2),
                    Instant.parse(row.getString(3)));
        }
    }

    /** The shipped first version ({@code /policy/first-version.yaml}) with the configured answer policy. */
    @SuppressWarnings("unchecked")
    static PolicyDraft firstVersion(String answerPolicy, LocalDate today) {
        Map<String, Object> yaml;
        try (InputStream in = Policies.class.getResourceAsStream("/policy/first-version.yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing resource /policy/first-version.yaml");
            }
            yaml = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Language, String> greeting = new EnumMap<>(Language.class);
        ((Map<String, Object>) yaml.get("greeting")).forEach((tag, text) ->
                greeting.put(Language.fromTag(tag).orElseThrow(), String.valueOf(text)));
        List<PolicyTopic> topics = new ArrayList<>();
        for (Object item : (List<Object>) yaml.get("topics")) {
            Map<String, Object> topic = (Map<String, Object>) item;
            Map<Language, List<String>> patterns = new EnumMap<>(Language.class);
            ((Map<String, Object>) topic.get("patterns")).forEach((tag, list) ->
                    patterns.put(Language.fromTag(tag).orElseThrow(),
                            ((List<Object>) list).stream().map(String::valueOf).toList()));
            topics.add(new PolicyTopic(String.valueOf(topic.get("id")), String.valueOf(topic.get("name")), patterns));
        }
        return new PolicyDraft(answerPolicy, String.valueOf(yaml.get("tone")), greeting, topics,
                today.plusMonths(((Number) yaml.get("review-months")).intValue()));
    }
}
