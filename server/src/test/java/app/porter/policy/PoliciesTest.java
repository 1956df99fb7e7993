package app.porter.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.porter.MutableClock;
import app.porter.access.Actor;
import app.porter.access.Role;
import app.porter.audit.AuditLog;
import app.porter.errors.NotPermitted;
import app.porter.language.Language;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * The policy set on a real SQLite file: the first version written once, versions kept, the newest active, review
 * dates, the prompt text the model reads, and the shipped topic rules against ordinary tenant questions.
 */
class PoliciesTest {

    @TempDir
    Path dataDir;
    Database database;
    MutableClock clock;
    Policies policies;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dataDir);
        new Migrator(database).migrate(java.util.stream.Stream.of(AuditLog.MIGRATIONS, Policies.MIGRATIONS)
                .flatMap(List<Migration>::stream).toList());
        clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        policies = new Policies(database, new AuditLog(database, clock), clock, "You are Porter.");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFirstVersionIsWrittenOnceAndANewVersionBecomesActive() {
        Actor admin = new Actor("alex", Role.ADMIN);
        assertEquals(1, policies.active().version());
        assertTrue(policies.promptText().startsWith("You are Porter.\nSpeak as the property office"));
        PolicyDraft draft = new PolicyDraft("Be kind.", "", Map.of(Language.EN, "Hi!"), List.of(new PolicyTopic(
                "noise", "Noise", Map.of(Language.EN, List.of("\\bnoise\\b")))), LocalDate.parse("2027-01-01"));
        PolicyVersion v2 = policies.publish(admin, draft);
        assertEquals(2, v2.version());
        assertEquals("Be kind.", policies.promptText());
        assertEquals("noise (policy v2)", policies.topic("so much noise", Language.EN).orElseThrow().rule());
        assertTrue(policies.topic("i'm going to sue you", Language.EN).isEmpty());

        Policies reopened = new Policies(database, new AuditLog(database, clock), clock, "ignored now");
        assertEquals(2, reopened.active().version(), "the newest version stays active after a restart");
        assertEquals(List.of(2, 1), reopened.versions(admin).stream().map(PolicyVersion::version).toList());
        assertEquals("alex", reopened.versions(admin).getFirst().author());
        assertThrows(NotPermitted.class, () -> policies.publish(new Actor("sam", Role.AGENT), draft));
    }

    @Test
    void aReviewIsDueFromItsDate() {
        PolicyVersion first = policies.active();
        assertFalse(first.reviewDue(policies.today()));
        assertTrue(first.reviewDue(first.policy().reviewBy()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"can i have a pet?", "when is rent due?", "how do i pay my rent online?",
            "is there a playground for the kids?", "my neighbour sue lent me her ladder", "what is the late fee?",
            "can i get my deposit back when i move out?", "do you allow children in the pool?",
            "¿cuándo se paga el alquiler?", "est-ce que je peux avoir un chat ?", "房租什么时候交？",
            "có sự kiện gì trong tòa nhà tuần này không?", "متى يجب دفع الإيجار؟", "can i sublet my apartment?"})
    void ordinaryQuestionsMatchNoTopic(String normalized) {
        assertTrue(policies.topic(normalized, Language.EN).isEmpty(), () -> normalized + " matched "
                + policies.topic(normalized, Language.EN).orElseThrow().rule());
    }

    @Test
    void aRuleThatBacktracksForeverIsSkippedAndTheOthersStillMatch() {
        PolicyDraft draft = new PolicyDraft("Be kind.", "", Map.of(Language.EN, "Hi!"), List.of(
                new PolicyTopic("slow", "Slow", Map.of(Language.EN, List.of("^(a+)+$"))),
                new PolicyTopic("noise", "Noise", Map.of(Language.EN, List.of("\\bnoise\\b")))),
                LocalDate.parse("2027-01-01"));
        policies.publish(new Actor("alex", Role.ADMIN), draft);
        long start = System.nanoTime();
        assertTrue(policies.topic("a".repeat(40) + "!", Language.EN).isEmpty());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "the slow rule was cut off");
        assertEquals("noise", policies.topic("a".repeat(40) + "! noise", Language.EN).orElseThrow().topic().id());
    }
}
