package app.porter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import app.porter.MutableClock;
import app.porter.audit.AuditLog;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.demo.DemoProperty;
import app.porter.language.Language;
import app.porter.portfolio.Portfolio;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/** An answer is given the last turns of its conversation, in order, never the whole of a long one. */
class HistoryWindowTest {

    @TempDir
    Path dataDir;
    Database database;
    MasterKey master;
    Conversations conversations;
    final List<List<ChatMessage>> given = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        master = Keystore.openOrCreate(dataDir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        database = Database.open(dataDir);
        new Migrator(database).migrate(Stream.of(AuditLog.MIGRATIONS, Portfolio.MIGRATIONS,
                Conversations.MIGRATIONS, KeyRing.MIGRATIONS).flatMap(List<Migration>::stream).toList());
        MutableClock clock = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));
        KeyRing keys = KeyRing.open(database, master, clock);
        new Portfolio(database, new AuditLog(database, clock), clock).addIfAbsent(DemoProperty.PROPERTY);
        Answerer recording = new Answerer() {
            @Override
            public Answer answer(String question, app.porter.knowledge.Scope scope, TokenSink sink) {
                throw new AssertionError("the conversation's history is passed");
            }

            @Override
            public Answer answer(Question question, Admission admission, TokenSink sink) {
                given.add(question.history());
                return new Answer("answer to " + question.text(), AnswerMode.EXTRACTIVE, List.of());
            }
        };
        conversations = new Conversations(database, keys, recording, clock);
    }

    @AfterEach
    void close() {
        database.close();
        master.close();
    }

    @Test
    void anAnswerSeesTheLastTurnsInOrder() throws Exception {
        Conversation conversation = conversations.start("maple-court", null, Language.EN).conversation();
        int questions = 30;
        for (int i = 1; i <= questions; i++) {
            conversations.reply(conversation, "question " + i, TokenSink.NONE);
        }
        assertEquals(List.of(), given.getFirst(), "the first question has no history");
        assertEquals(List.of("question 1", "answer to question 1"),
                given.get(1).stream().map(ChatMessage::text).toList());

        List<ChatMessage> last = given.getLast();
        assertEquals(Conversations.HISTORY_WINDOW, last.size());
        List<String> expected = new ArrayList<>();
        for (int i = questions - Conversations.HISTORY_WINDOW / 2; i < questions; i++) {
            expected.add("question " + i);
            expected.add("answer to question " + i);
        }
        assertEquals(expected, last.stream().map(ChatMessage::text).toList(), "the most recent, oldest first");
        assertEquals(2 * questions, conversations.history(conversation).size(), "the history API has every message");
    }
}
